/**
 * "à" before a crèche's name, with the article French wants: « à la Micro-crèche Les Lucioles », « au Multi-accueil
 * Les P'tits Loups », « aux Lucioles », « à l’Espace petite enfance », « à Rambervillers ». A name is whatever a manager
 * typed: one starting with a kind of place takes its article; one starting with an article contracts it; any other
 * (a proper name) takes « à » alone.
 */
export function atPlaceFr(name: string): string {
  const text = name.trim();
  const article = /^(?:(les|le|la)\s+|(l['’])\s*)(.+)$/iu.exec(text);
  if (article) {
    const [, word, elided, rest] = article;
    const lower = (word ?? elided).toLowerCase();
    if (lower === 'les') return `aux ${rest}`;
    if (lower === 'le') return `au ${rest}`;
    if (lower === 'la') return `à la ${rest}`;
    return `à l’${rest}`;
  }
  const first = text.split(/[\s(]/u)[0].toLowerCase();
  if (FEMININE.has(first)) return startsWithVowel(first) ? `à l’${text}` : `à la ${text}`;
  if (MASCULINE.has(first)) return startsWithVowel(first) ? `à l’${text}` : `au ${text}`;
  return `à ${text}`;
}

/** Words a crèche's name starts with, by gender (as the kinds of places are named in France). */
const FEMININE = new Set([
  'crèche',
  'creche',
  'micro-crèche',
  'micro-creche',
  'microcrèche',
  'mini-crèche',
  'halte-garderie',
  'halte',
  'garderie',
  'maison',
  'structure',
  'pouponnière',
  'résidence',
]);
const MASCULINE = new Set([
  'multi-accueil',
  'multiaccueil',
  'accueil',
  'espace',
  'établissement',
  'etablissement',
  'jardin',
  'lieu',
  'relais',
  'centre',
  'pôle',
  'pole',
  'îlot',
]);

/** Elision before a vowel ("h" of halte is aspirated: « à la halte-garderie »). */
const startsWithVowel = (word: string): boolean => /^[aeiouyàâäéèêëîïôöùûü]/u.test(word);
