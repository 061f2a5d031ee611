/**
 * Prepositions before a crèche's name, with the article French wants: « à la Micro-crèche Les Lucioles », « au
 * Multi-accueil Les P'tits Loups », « aux Lucioles », « à l’Espace petite enfance », « à Rambervillers »; and « de »
 * likewise (« de la Micro-crèche … », « des Lucioles », « d’Épinal »). A name is whatever a manager typed: one starting
 * with a kind of place takes its article, however it is spelt (« Micro crèche », « Microcreche »); one starting with
 * an article contracts le and les (« au Thillot ») and keeps la and l’ as written (« à La Bresse »); any other, a
 * proper name, takes the preposition alone.
 */
export function atPlaceFr(name: string): string {
  return withPreposition(name, {
    les: 'aux ',
    le: 'au ',
    feminine: 'à la ',
    masculine: 'au ',
    elided: 'à l’',
    bare: 'à ',
  });
}

/** « de » before a crèche's name: « de la Micro-crèche … », « du Multi-accueil … », « des Lucioles », « d’Épinal ». */
export function ofPlaceFr(name: string): string {
  return withPreposition(name, {
    les: 'des ',
    le: 'du ',
    feminine: 'de la ',
    masculine: 'du ',
    elided: 'de l’',
    bare: 'de ',
  });
}

interface Forms {
  readonly les: string;
  readonly le: string;
  readonly feminine: string;
  readonly masculine: string;
  readonly elided: string;
  readonly bare: string;
}

function withPreposition(name: string, forms: Forms): string {
  const text = name.normalize('NFC').trim();
  // « Au Fil des Saisons », « Aux Petits Pas », « À petits pas », « Du côté des enfants », « Des Lutins aux… »: a
  // preposition French cannot follow with another; the name is given as the crèche's, in quotation marks.
  if (/^(au|aux|à|du|des)\s/iu.test(text)) return `${forms.feminine}crèche « ${text} »`;
  const article = /^(les|le)\s+(.+)$/iu.exec(text);
  if (article) return `${article[1].toLowerCase() === 'les' ? forms.les : forms.le}${article[2]}`;
  // « La Bresse », « L’Isle » keep their article: « à La Bresse », « de L’Isle ».
  if (/^(la\s|l['’])/iu.test(text)) return `${forms.bare}${text}`;
  const key = plain(text);
  const kind = PLACE_KINDS.find(([words]) => key === words || key.startsWith(`${words} `));
  if (kind) {
    if (startsWithVowel(kind[0])) return `${forms.elided}${text}`;
    return `${kind[1] === 'F' ? forms.feminine : forms.masculine}${text}`;
  }
  // A proper name: « d’Épinal », « d’Uriménil », but « de Hadol » (an aspirated h is not told apart: no elision).
  if (forms.bare === 'de ' && startsWithVowel(key)) return `d’${text}`;
  return `${forms.bare}${text}`;
}

/** Lower case, without accents, hyphens and apostrophes as spaces: how the kinds of places are matched. */
const plain = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[-‐‑'’]/gu, ' ')
    .replace(/\s+/gu, ' ');

/** The words a crèche's name may start with, plain (see `plain`), by gender; the longest first. */
const PLACE_KINDS: readonly (readonly [string, 'F' | 'M'])[] = [
  ['micro creche', 'F'],
  ['microcreche', 'F'],
  ['mini creche', 'F'],
  ['minicreche', 'F'],
  ['petite creche', 'F'],
  ['creche', 'F'],
  ['halte garderie', 'F'],
  ['halte', 'F'],
  ['garderie', 'F'],
  ['maison', 'F'],
  ['structure', 'F'],
  ['pouponniere', 'F'],
  ['residence', 'F'],
  ['association', 'F'],
  ['ile', 'F'],
  ['service', 'M'],
  ['multi accueil', 'M'],
  ['multiaccueil', 'M'],
  ['accueil', 'M'],
  ['espace', 'M'],
  ['etablissement', 'M'],
  ['eaje', 'M'],
  ['jardin', 'M'],
  ['lieu', 'M'],
  ['relais', 'M'],
  ['centre', 'M'],
  ['pole', 'M'],
  ['ilot', 'M'],
];

/** Elision before a vowel (the « h » of halte is aspirated: « à la halte-garderie »). */
const startsWithVowel = (word: string): boolean => /^[aeiouy]/u.test(plain(word));
