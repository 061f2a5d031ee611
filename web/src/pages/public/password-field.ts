import { fieldErrorsOf, isApiError } from '../../api/client';
import { fieldErrorsFr } from '../../api/errors-fr';

/** The hint under every new-password field: the rule the API applies (zxcvbn, at least 10 characters). */
export const PASSWORD_HINT =
  'Au moins 10 caractères, difficile à deviner : une phrase de quelques mots sans lien entre eux est sûre et facile à retenir.';

/**
 * French words for the API's refusal of a new password (field `password`): too short, too long, or too easy to
 * guess (the API adds zxcvbn's own advice, already in French, in parentheses).
 */
export function passwordErrorFr(e: unknown, field = 'password'): string | undefined {
  if (!isApiError(e) || e.code !== 'VALIDATION.FAILED') return undefined;
  const errors = fieldErrorsOf(e).find((d) => d.field === field)?.errors ?? [];
  const text = errors.join(' ');
  if (!text) return undefined;
  if (/too easy to guess/.test(text)) {
    const advice = /\((.+)\)\s*$/.exec(text)?.[1];
    return `Ce mot de passe est trop facile à deviner.${advice ? ` ${advice}` : ''} Allongez-le, par exemple avec plusieurs mots sans lien entre eux.`;
  }
  if (/longer than or equal/.test(text)) return 'Le mot de passe doit compter au moins 10 caractères.';
  if (/shorter than or equal/.test(text)) return 'Le mot de passe doit compter au plus 128 caractères.';
  return fieldErrorsFr(e).get(field);
}
