import { isPersonName, personName } from './validators';

describe('person names', () => {
  const accepted = (typed: string) => isPersonName(personName({ value: typed }) as string);

  it.each([
    'Zoé',
    'Zoe\u0301', // decomposed, as some phones type it
    'Marie-Ève',
    'N’Golo',
    "N'Golo",
    'Œdipe',
    'Lætitia',
    'Gwenaëlle',
    "Ar C'hoant",
    'Nguyễn',
    'مهرناز',
    'می\u200Cخواهم', // Persian spelling needs the zero-width non-joiner
    'Le\u00A0Goff', // pasted with a no-break space
    'Jean\u2011Pierre', // a non-breaking hyphen
    'Anne\u202FMarie',
    'Anne\u2009Marie', // a thin space
    'Ma\u00ADrie', // a soft hyphen
  ])('takes %s', (name) => {
    expect(accepted(name)).toBe(true);
  });

  it.each([
    'Zo\u202Eé', // right-to-left override
    'Zo\u200Bé', // zero-width space
    'Zo\u2066é', // an isolate
    '\u{1D419}\u{1D428}\u{1D41E}', // mathematical bold letters
    'Ｚｏé', // full-width letters
    'Zoé\nLéo',
    'Zo\u0000é',
  ])('refuses %j', (name) => {
    expect(accepted(name)).toBe(false);
  });

  it('makes typographic spaces and hyphens plain and drops a soft hyphen', () => {
    expect(personName({ value: '\u00A0Le\u00A0Goff\u2011Ar\u00ADmor ' })).toBe('Le Goff-Armor');
    expect(personName({ value: 42 })).toBe(42);
  });
});
