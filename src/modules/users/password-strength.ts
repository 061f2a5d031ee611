import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as fr from '@zxcvbn-ts/language-fr';
import { invalidFields } from '../../common/errors/domain-error';

/**
 * Passwords are checked against common-password lists, French and international dictionaries, keyboard patterns and
 * repetitions by zxcvbn-ts (issue #13: "aaaaaaaaaa" was accepted). A score of 3 or more ("safely unguessable:
 * moderate protection from offline slow-hash scenario") is required.
 */
const MIN_SCORE = 3;
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...fr.dictionary },
  graphs: common.adjacencyGraphs,
  translations: fr.translations,
});

/** Throws a 400 naming `field` (in French, with zxcvbn's own advice) when the password is too easy to guess. */
export function assertStrongPassword(password: string, userInputs: readonly string[], field = 'password'): void {
  // What the registrant typed elsewhere (address, names) counts as a dictionary: a password built on it is weak.
  const inputs = userInputs
    .flatMap((i) => [i, ...i.split(/[@.\s_-]+/)])
    .map((i) => i.toLowerCase())
    .filter((i) => i.length > 2);
  const result = zxcvbn.check(password, inputs);
  if (result.score >= MIN_SCORE) return;
  // zxcvbn's sentences come without a final stop: each gets one, so that joined they still read as sentences.
  const advice = [result.feedback.warning, ...result.feedback.suggestions]
    .filter((s): s is string => !!s)
    .map((s) => (/[.!?…]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`));
  throw invalidFields([
    { field, errors: [`${field} is too easy to guess${advice.length ? ` (${advice.join(' ')})` : ''}`] },
  ]);
}
