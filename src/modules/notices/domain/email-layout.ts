import { escapeMarkup as escapeHtml } from '../../../common/text/escape-markup';

/** A rendered e-mail, French text for families and staff. */
export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /**
   * For "Mes messages", which shows the action as a link of its own: the text is `body`, the action's line, `closing`,
   * each pair separated by a blank line.
   */
  readonly body: string;
  readonly closing: string;
  readonly action: EmailAction | null;
}

export interface EmailAction {
  readonly label: string;
  readonly url: string;
  /**
   * The link proves something by being received at the address (an e-mail verification, a password reset): it is
   * e-mailed only, never shown in the app, where a signed-in account that does not own the address could follow it.
   */
  readonly secret?: boolean;
}

export interface EmailContent {
  readonly subject: string;
  readonly greeting: string;
  /** Paragraphs of plain text; escaped for HTML. */
  readonly paragraphs: readonly string[];
  /** Label → value lines shown as a summary table. */
  readonly facts?: readonly (readonly [string, string])[];
  readonly action?: EmailAction;
}

const SIGNATURE = "L'équipe Berceau";
const FOOTER = 'Ce message vous est envoyé automatiquement par Berceau ; merci de ne pas y répondre directement.';

/** One layout for every notice, so all e-mails read alike in text and HTML. */
export function layoutEmail(content: EmailContent): RenderedEmail {
  const facts = content.facts ?? [];
  const body = [
    content.greeting,
    ...content.paragraphs.flatMap((p) => ['', p]),
    ...(facts.length ? ['', ...facts.map(([k, v]) => `- ${k} : ${v}`)] : []),
  ].join('\n');
  const closing = `${SIGNATURE}\n\n${FOOTER}`;
  const text = [body, ...(content.action ? [`${content.action.label} : ${content.action.url}`] : []), closing].join(
    '\n\n',
  );
  const html = [
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>',
    escapeHtml(content.subject),
    '</title></head><body style="font-family:Arial,Helvetica,sans-serif;color:#222;line-height:1.5">',
    `<p>${escapeHtml(content.greeting)}</p>`,
    ...content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    facts.length
      ? `<table style="border-collapse:collapse">${facts
          .map(
            ([k, v]) =>
              `<tr><th style="text-align:left;padding:2px 12px 2px 0">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`,
          )
          .join('')}</table>`
      : '',
    content.action
      ? `<p><a href="${escapeHtml(content.action.url)}" style="color:#fff;background:#3b6e8f;padding:8px 14px;border-radius:4px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>`
      : '',
    `<p>${escapeHtml(SIGNATURE)}</p><p style="color:#777;font-size:12px">${escapeHtml(FOOTER)}</p>`,
    '</body></html>',
  ].join('');
  return { subject: content.subject, text, html, body, closing, action: content.action ?? null };
}
