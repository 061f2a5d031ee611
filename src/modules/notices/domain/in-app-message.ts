import type { RenderedEmail } from './email-layout';

/** A notice as "Mes messages" shows it: the e-mail's own subject and text, its action as a link inside the app. */
export interface InAppMessage {
  readonly subject: string;
  /** The e-mail's text, word for word, up to its action's line (shown as `action`)… */
  readonly text: string;
  /** …and after it (the signature): the e-mail's text is `text`, the action's line, `closing`, by blank lines. */
  readonly closing: string;
  /** The e-mail's button: a path of the app when the link points to it, otherwise the full address. */
  readonly action: { readonly label: string; readonly href: string } | null;
  /** The e-mail carried a link that only its recipient's mailbox may follow (address proof, password reset). */
  readonly actionWithheld: boolean;
}

/** A link carrying a token proves something by being received: never shown in the app, even if unmarked. */
const carriesToken = (url: string) => /[?&](token|code)=/i.test(url);

export function inAppMessage(email: RenderedEmail, baseUrl: string): InAppMessage {
  const action = email.action;
  const words = { subject: email.subject, text: email.body, closing: email.closing };
  if (!action) return { ...words, action: null, actionWithheld: false };
  if (action.secret || carriesToken(action.url)) return { ...words, action: null, actionWithheld: true };
  const base = baseUrl.replace(/\/+$/, '');
  const href = action.url.startsWith(`${base}/`) ? action.url.slice(base.length) : action.url;
  return { ...words, action: { label: action.label, href }, actionWithheld: false };
}
