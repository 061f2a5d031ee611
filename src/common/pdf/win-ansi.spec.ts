import fc from 'fast-check';
import { toWinAnsi } from './win-ansi';

const inWinAnsi = (s: string) =>
  [...s].every((c) => {
    const code = c.codePointAt(0)!;
    return (
      (code >= 0x20 && code <= 0x7e) ||
      (code >= 0xa0 && code <= 0xff) ||
      c === '\n' ||
      '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'.includes(c)
    );
  });

describe('toWinAnsi', () => {
  it('leaves French as it is', () => {
    const french = 'Œuvre d’Éloïse, à régler : 1 234,50 € « avant » le 1er août — ça, Ærø, naïveté…';
    expect(toWinAnsi(french)).toBe(french);
  });

  it.each([
    ['Ayşe Yılmaz', 'Ayse Yilmaz'],
    ['Ștefan Țurcanu', 'Stefan Turcanu'],
    ['Łukasz Wałęsa', 'Lukasz Walesa'],
    ['Virement\u202f; IBAN', 'Virement\u00a0; IBAN'],
    ['Gab\u200bin', 'Gabin'],
    ['2 → 3, ≥ 10 €', '2 -> 3, >= 10 €'],
    ['Аnna', '?nna'], // a Cyrillic А has no Latin form here
  ])('prints %j as %j', (typed, printed) => expect(toWinAnsi(typed)).toBe(printed));

  it('gives only what the standard fonts print, whatever is typed, and changes nothing twice', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const printed = toWinAnsi(s.replace(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/g, ''));
        expect(inWinAnsi(printed)).toBe(true);
        expect(toWinAnsi(printed)).toBe(printed);
      }),
    );
  });
});
