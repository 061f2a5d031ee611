import fc from 'fast-check';
import { atPlaceFr } from './french-places';

describe(atPlaceFr.name, () => {
  it.each([
    ['Micro-crèche Les Lucioles (zone industrielle)', 'à la Micro-crèche Les Lucioles (zone industrielle)'],
    ['Crèche des Écureuils', 'à la Crèche des Écureuils'],
    ['Halte-garderie du Centre', 'à la Halte-garderie du Centre'],
    ["Multi-accueil Les P'tits Loups", "au Multi-accueil Les P'tits Loups"],
    ['Espace petite enfance', 'à l’Espace petite enfance'],
    ['Les Lucioles', 'aux Lucioles'],
    ['Le Nid', 'au Nid'],
    ['La Ribambelle', 'à la Ribambelle'],
    ["L'Île aux enfants", 'à l’Île aux enfants'],
    ['L’Arche', 'à l’Arche'],
    ['Rambervillers', 'à Rambervillers'],
    ['Lucioles', 'à Lucioles'],
    ['Lego', 'à Lego'], // "Le" only as a word of its own
  ])('%s → %s', (name, expected) => {
    expect(atPlaceFr(name)).toBe(expected);
  });

  it('keeps the name as it was typed, after its article', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (name) => {
        const text = name.trim();
        fc.pre(text.length > 0 && !/^(les|le|la|l['’])(\s|$)/iu.test(text) && !/^l['’]/iu.test(text));
        expect(atPlaceFr(name).endsWith(text)).toBe(true);
      }),
    );
  });
});
