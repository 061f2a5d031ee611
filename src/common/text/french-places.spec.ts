import fc from 'fast-check';
import { atPlaceFr, ofPlaceFr } from './french-places';

describe(atPlaceFr.name, () => {
  it.each([
    ['Micro-crèche Les Lucioles (zone industrielle)', 'à la Micro-crèche Les Lucioles (zone industrielle)'],
    ['Micro crèche Les Lucioles', 'à la Micro crèche Les Lucioles'],
    ['Microcreche Les Lucioles', 'à la Microcreche Les Lucioles'],
    ['Mini-crèche du Parc', 'à la Mini-crèche du Parc'],
    ['Petite crèche', 'à la Petite crèche'],
    ['Crèche des Écureuils', 'à la Crèche des Écureuils'],
    ['Crèche-halte-garderie du Centre', 'à la Crèche-halte-garderie du Centre'],
    ['Halte-garderie du Centre', 'à la Halte-garderie du Centre'],
    ["Multi-accueil Les P'tits Loups", "au Multi-accueil Les P'tits Loups"],
    ['Multi accueil Les Bambins', 'au Multi accueil Les Bambins'],
    ['Espace petite enfance', 'à l’Espace petite enfance'],
    ['Espace-Enfance', 'à l’Espace-Enfance'],
    ['EAJE Les Mésanges', 'à l’EAJE Les Mésanges'],
    ['Association Les Lutins', 'à l’Association Les Lutins'],
    ['Les Lucioles', 'aux Lucioles'],
    ['Le Nid', 'au Nid'],
    ['La Ribambelle', 'à La Ribambelle'],
    ['La Bresse', 'à La Bresse'],
    ["L'Île aux enfants", "à L'Île aux enfants"],
    ['Rambervillers', 'à Rambervillers'],
    ['Lego', 'à Lego'], // « Le » only as a word of its own
    ['Cre\u0300che des Pins', 'à la Crèche des Pins'], // an accent typed as a combining mark
    ['Au Fil des Saisons', 'à la crèche « Au Fil des Saisons »'],
    ['Aux Petits Pas', 'à la crèche « Aux Petits Pas »'],
    ['À petits pas', 'à la crèche « À petits pas »'],
    ["Service d'accueil familial", "au Service d'accueil familial"],
    ['Île aux enfants', 'à l’Île aux enfants'],
  ])('%s → %s', (name, expected) => {
    expect(atPlaceFr(name)).toBe(expected);
  });
});

describe(ofPlaceFr.name, () => {
  it.each([
    ['Micro-crèche Les Lucioles', 'de la Micro-crèche Les Lucioles'],
    ["Multi-accueil Les P'tits Loups", "du Multi-accueil Les P'tits Loups"],
    ['Espace petite enfance', 'de l’Espace petite enfance'],
    ['Les Lucioles', 'des Lucioles'],
    ['Le Nid', 'du Nid'],
    ['La Bresse', 'de La Bresse'],
    ['Épinal', 'd’Épinal'],
    ['Rambervillers', 'de Rambervillers'],
    ['Au Fil des Saisons', 'de la crèche « Au Fil des Saisons »'],
  ])('%s → %s', (name, expected) => {
    expect(ofPlaceFr(name)).toBe(expected);
  });
});

describe('a kind of place, however it is spelt', () => {
  const spellings = fc.constantFrom(
    ['Micro-crèche', 'à la '],
    ['micro creche', 'à la '],
    ['MICRO-CRÈCHE', 'à la '],
    ['Multi-accueil', 'au '],
    ['multi accueil', 'au '],
    ['Halte-garderie', 'à la '],
    ['Établissement', 'à l’'],
  );
  const rest = fc.constantFrom('', ' Les Lucioles', ' du Parc', ' (zone industrielle)', ' municipal', ' 2');
  it('takes its article, before the name kept as typed', () => {
    fc.assert(
      fc.property(spellings, rest, ([kind, article], tail) => {
        const name = `${kind}${tail}`;
        expect(atPlaceFr(name)).toBe(`${article}${name}`);
      }),
    );
  });
});
