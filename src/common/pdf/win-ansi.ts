/**
 * The characters the standard PDF fonts (Helvetica, WinAnsiEncoding) can show: Latin-1 and the few typographic signs
 * of 0x80-0x9F. Anything else was written as unrelated bytes: "Ayşe Yılmaz" and a narrow no-break space pasted from a
 * word processor printed as garbage on an invoice.
 */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

const REPLACEMENTS: Readonly<Record<string, string>> = {
  '\u202f': '\u00a0', // narrow no-break space (French punctuation) → no-break space
  '\u2011': '-',
  '\u2212': '-',
  '→': '->',
  '←': '<-',
  '≥': '>=',
  '≤': '<=',
  '≠': '!=',
  ı: 'i',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  ŧ: 't',
};

function isWinAnsi(c: string): boolean {
  const code = c.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || c === '\n' || WIN_ANSI_EXTRA.has(c);
}

/**
 * Text as the standard PDF fonts can print it: French (accents, œ, €, typographic quotes) unchanged; other letters
 * without their diacritics (ş → s, Ș → S, ı → i), other spaces as spaces, invisible characters dropped, and what has no
 * near form as "?". The page, the e-mail and the data keep the text as typed; only the PDF's glyphs are chosen here.
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const c of text) {
    if (isWinAnsi(c)) out += c;
    else if (REPLACEMENTS[c] !== undefined) out += REPLACEMENTS[c];
    else if (/[\p{Cf}\p{Mn}]/u.test(c)) continue;
    else if (/\p{Zs}/u.test(c)) out += ' ';
    else {
      const folded = c.normalize('NFKD').replace(/\p{M}/gu, '');
      out += folded && [...folded].every(isWinAnsi) ? folded : '?';
    }
  }
  return out;
}

/** The document with every `text` call printed through `toWinAnsi` (one place for every PDF Berceau writes). */
export function withWinAnsiText(doc: PDFKit.PDFDocument): PDFKit.PDFDocument {
  const text = doc.text.bind(doc) as (...args: unknown[]) => PDFKit.PDFDocument;
  doc.text = ((value: unknown, ...rest: unknown[]) =>
    text(typeof value === 'string' ? toWinAnsi(value) : value, ...rest)) as PDFKit.PDFDocument['text'];
  return doc;
}
