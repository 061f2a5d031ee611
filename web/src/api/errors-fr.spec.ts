import { childDatesChangeProblem } from '../../../src/modules/families/domain/child-dates';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_STATUS, type ErrorCode } from '../../../src/common/errors/error-codes';
import type { ApiError } from './api-error';
import { childDatesProblems } from '../../../src/common/time/horizons';
import { aeehProblems } from '../../../src/modules/families/domain/fee-declarations';
import { eurosProblem } from '../../../src/modules/fees/domain/euros';
import {
  AEEH_ABOVE_DEPENDENT_FR,
  COMMUNE_CODE_FR,
  fieldErrorsFr,
  fieldMessageFr,
  fieldState,
  frenchError,
  missingFieldsFr,
  REQUIRED_FR,
} from './errors-fr';

const apiError = (code: string, statusCode: number, details?: ApiError['details']): ApiError => ({
  code,
  statusCode,
  message: 'English text from the API',
  ...(details ? { details } : {}),
});

const NOT_FOUND = 'Cette information est introuvable.';
const FORBIDDEN = 'Vous n’avez pas accès à cette information.';
const CONFLICT = 'Cette action n’est plus possible : rechargez la page pour voir la situation à jour.';
const GENERIC = 'L’opération n’a pas abouti. Réessayez dans quelques instants.';
const NETWORK = 'Le service ne répond pas. Vérifiez votre connexion puis réessayez.';

/**
 * The codes a family or staff page may meet without a sentence of its own, on purpose: the fallback of their status
 * says it well enough ("introuvable" for a 404 of a thing the page itself names; the generic sentence for a 500).
 */
const DELIBERATE_FALLBACKS: Partial<Record<ErrorCode, string>> = {
  'USER.NOT_FOUND': NOT_FOUND,
  'NOTICE.NOT_FOUND': NOT_FOUND,
  'POLICY.NOT_FOUND': NOT_FOUND,
  'BOOKING.NOT_FOUND': NOT_FOUND,
  'ATTENDANCE.NOT_FOUND': NOT_FOUND,
  'ABSENCE.NOT_FOUND': NOT_FOUND,
  'INVOICE.NOT_FOUND': NOT_FOUND,
  'PAYMENT.NOT_FOUND': NOT_FOUND,
  'FEE_SCALE.NOT_FOUND': NOT_FOUND,
  INTERNAL: GENERIC,
};

/** Whether frenchError has a sentence for this very code (probed with a status that has no fallback of its own). */
const hasOwnSentence = (code: string) => frenchError(apiError(code, 599)) !== GENERIC;

/** The codes thrown as `new DomainError('X.Y', …)` anywhere in the API's sources. */
function thrownCodes(dir: string): Set<string> {
  const codes = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.spec.ts')) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const m of text.matchAll(/DomainError\(\s*'([A-Z_]+\.[A-Z_]+)'/g)) codes.add(m[1]);
  }
  return codes;
}

describe('frenchError', () => {
  it('says a known code in its own French sentence, whatever the English message', () => {
    expect(frenchError(apiError('AUTH.INVALID_CREDENTIALS', 401))).toBe('Adresse e-mail ou mot de passe incorrect.');
    expect(frenchError(apiError('APPLICATION.ACTIVE_EXISTS', 409))).toBe('Cet enfant a déjà une demande en cours.');
    expect(frenchError(apiError('CONTRACT.OVERLAPS', 409))).toBe(
      'Cet enfant a déjà un contrat sur une partie de cette période.',
    );
  });

  it('falls back by status for a code it does not know', () => {
    expect(frenchError(apiError('SOMETHING.NEW', 404))).toBe(NOT_FOUND);
    expect(frenchError(apiError('SOMETHING.NEW', 403))).toBe(FORBIDDEN);
    expect(frenchError(apiError('SOMETHING.NEW', 409))).toBe(CONFLICT);
    expect(frenchError(apiError('SOMETHING.NEW', 400))).toBe(GENERIC);
    expect(frenchError(apiError('SOMETHING.NEW', 500))).toBe(GENERIC);
  });

  it('says the service does not answer when there is no API error body (network failure, thrown error)', () => {
    expect(frenchError(new TypeError('Failed to fetch'))).toBe(NETWORK);
    expect(frenchError(undefined)).toBe(NETWORK);
    expect(frenchError({ statusCode: 500 })).toBe(NETWORK);
  });

  it('has a French sentence, or a deliberate fallback, for every error code the API declares', () => {
    const missing: string[] = [];
    for (const [code, status] of Object.entries(ERROR_STATUS) as [ErrorCode, number][]) {
      const fallback = DELIBERATE_FALLBACKS[code];
      if (fallback !== undefined) {
        // A deliberate fallback stays one: no sentence of its own, and the one its status gives is the one intended.
        expect([code, hasOwnSentence(code)]).toEqual([code, false]);
        expect([code, frenchError(apiError(code, status))]).toEqual([code, fallback]);
      } else if (!hasOwnSentence(code)) missing.push(code);
    }
    expect(missing).toEqual([]);
    for (const code of Object.keys(DELIBERATE_FALLBACKS)) expect(Object.keys(ERROR_STATUS)).toContain(code);
  });

  it('knows every code the API throws (each is declared with its status, so the check above covers it)', () => {
    const thrown = thrownCodes(join(__dirname, '../../../src'));
    expect(thrown.size).toBeGreaterThan(30);
    expect([...thrown].filter((code) => !(code in ERROR_STATUS))).toEqual([]);
    expect([...thrown].filter((code) => !hasOwnSentence(code) && !(code in DELIBERATE_FALLBACKS))).toEqual([]);
  });
});

describe('fieldMessageFr', () => {
  it("says in French why leave periods were refused at an offer's acceptance", () => {
    expect(fieldMessageFr(['leave periods 2027-02-01 and 2027-02-05 overlap'])).toBe(
      'Deux périodes de congés se chevauchent (celles qui commencent le 01/02/2027 et le 05/02/2027) : réunissez-les ou corrigez leurs dates.',
    );
    expect(
      fieldMessageFr([
        'leave period 2028-09-01 to 2028-09-10 must fall within the contract (2027-09-01 to 2028-08-31)',
      ]),
    ).toBe('Les congés doivent tomber pendant le contrat, du 01/09/2027 au 31/08/2028.');
    expect(
      fieldMessageFr([
        'declared leave takes 40 weeks of the schedule; the crèche allows 10 over this contract (at most 10 weeks a year)',
      ]),
    ).toBe('Ces congés font 40 semaines ; la crèche en accepte au plus 10 sur ce contrat.');
  });
  it('says why a reason with a web address is refused, and where payment details go', () => {
    expect(fieldMessageFr(['reason must not contain a web address'])).toMatch(
      /^Pas d’adresse web ni de site dans ce texte .* modalités de paiement de la crèche\.$/,
    );
  });
  it('says "obligatoire" once for a missing value, even when the API also lists range or length errors', () => {
    expect(fieldMessageFr(['firstName should not be empty'])).toBe(REQUIRED_FR);
    expect(fieldMessageFr(['birthDate must be defined'])).toBe(REQUIRED_FR);
    expect(
      fieldMessageFr([
        'dependentChildren must not be less than 1',
        'dependentChildren must be an integer number',
        'dependentChildren should not be null or undefined',
      ]),
    ).toBe(REQUIRED_FR);
    expect(REQUIRED_FR).toBe('Ce champ est obligatoire.');
  });

  it.each([
    [['email must be a valid e-mail address'], 'Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.'],
    [['birthDate must be a date YYYY-MM-DD'], 'Indiquez une date valide.'],
    [
      ['paidOn must not be in the future (today is 2027-04-02)'],
      'Cette date n’est pas encore passée : indiquez celle d’aujourd’hui ou une date antérieure.',
    ],
    [['from must be a time HH:mm'], 'Indiquez une heure valide, par exemple 07:30.'],
    [['childId must be a UUID'], 'Valeur invalide.'],
    [['dependentChildren must be an integer number'], 'Valeur invalide.'],
    [['lastName must be longer than or equal to 1 characters'], 'Longueur non permise.'],
    [['dependentChildren must not be less than 1'], 'Valeur hors des limites permises.'],
    [['benefitScheme must be one of the following values: GENERAL, MSA'], 'Choisissez une des valeurs proposées.'],
    [['something else entirely'], 'Valeur refusée.'],
  ])('%j → %s', (errors, expected) => {
    expect(fieldMessageFr(errors)).toBe(expected);
  });
});

describe("fieldMessageFr, a child's dates once applied (R5.4, the API's own wording)", () => {
  const expected = { birthDate: null, expectedBirthDate: '2027-08-01' };
  it.each([
    [
      { birthDate: '2026-04-13', expectedBirthDate: null },
      { birthDate: '2026-09-15' },
      /se corrige de 31 jours au plus/,
    ],
    [expected, { birthDate: '2027-01-02' }, /au plus 92 jours avant la date prévue et 31 jours après/],
    [expected, { expectedBirthDate: '2027-11-30' }, /la date prévue se corrige de 31 jours au plus/],
  ] as const)('%j changed by %j', (current, next, french) => {
    const problem = childDatesChangeProblem(current, next)!;
    expect(fieldMessageFr([problem.error])).toMatch(french);
    expect(fieldMessageFr([problem.error])).toContain('ajoutez-le à votre foyer');
  });
});

describe("fieldMessageFr, precise reasons (the API's own wording, so a change of it fails here)", () => {
  const household = { monthlyResources: null, resourcesRefused: false, dependentChildren: 1 };
  it.each([
    [eurosProblem('monthlyResources', '-50'), 'Le montant ne peut pas être négatif.'],
    [
      eurosProblem('monthlyResources', '10000000000'),
      'Montant trop élevé : indiquez au plus 999 999 999,99 €. Vérifiez qu’il s’agit bien d’un montant mensuel.',
    ],
    [eurosProblem('monthlyResources', '2400.505'), 'Indiquez au plus deux chiffres après la virgule (les centimes).'],
    [eurosProblem('monthlyResources', 'beaucoup', ['unknown']), 'Indiquez un montant en euros, par exemple 2 400,00.'],
    ['aeehChildren cannot exceed dependentChildren', AEEH_ABOVE_DEPENDENT_FR],
    [aeehProblems({ ...household, aeehChildren: 2 }, 0)[0].errors[0], AEEH_ABOVE_DEPENDENT_FR],
    [
      childDatesProblems({ birthDate: '2027-05-01' }, '2026-12-03')[0].errors[0],
      'Cette date n’est pas encore passée : indiquez celle d’aujourd’hui ou une date antérieure.',
    ],
    [
      childDatesProblems({ expectedBirthDate: '2026-11-01' }, '2026-12-03')[0].errors[0],
      'Cette date est passée : si l’enfant est né, répondez « Oui » et indiquez sa date de naissance.',
    ],
    [
      "the child's expected birth (2026-11-01) is past: give its birthDate in the household (PATCH /families/:id/children/:childId) before applying",
      'La naissance prévue de cet enfant est passée : indiquez sa date de naissance dans Mon foyer avant de demander une place.',
    ],
    ['from must not be after to', 'La date de début doit précéder la date de fin (ou être le même jour).'],
    ['communeInseeCode must be the 5-character INSEE code of the commune, not its postal code', COMMUNE_CODE_FR],
    [
      'firstName must be a name on one line, without invisible or look-alike characters',
      'Écrivez le prénom ou le nom en lettres ordinaires, sur une seule ligne (sans caractère invisible ni lettre stylisée).',
    ],
  ])('%s → %s', (error, expected) => {
    expect(fieldMessageFr([error])).toBe(expected);
  });
});

describe('fieldErrorsFr and fieldState', () => {
  it('keys one French message per field of a VALIDATION.FAILED, the first one given', () => {
    const errors = fieldErrorsFr(
      apiError('VALIDATION.FAILED', 400, [
        { field: 'birthDate', errors: ['birthDate must be a date YYYY-MM-DD'] },
        { field: 'firstName', errors: ['firstName should not be empty'] },
        { field: 'birthDate', errors: ['birthDate should not be empty'] },
      ]),
    );
    expect([...errors]).toEqual([
      ['birthDate', 'Indiquez une date valide.'],
      ['firstName', REQUIRED_FR],
    ]);
    expect(fieldState(errors, 'firstName')).toEqual({ state: 'error', stateRelatedMessage: REQUIRED_FR });
    expect(fieldState(errors, 'lastName')).toEqual({});
  });

  it('gives no field message for another error, or none', () => {
    expect(fieldErrorsFr(apiError('USER.EMAIL_TAKEN', 409)).size).toBe(0);
    expect(fieldErrorsFr(null).size).toBe(0);
  });
});

describe('missingFieldsFr', () => {
  it('names each blank field with "Ce champ est obligatoire.", and none of the filled ones', () => {
    const missing = missingFieldsFr({ firstName: '', lastName: '  ', email: 'a@b.fr', dependentChildren: '0' });
    expect([...missing]).toEqual([
      ['firstName', REQUIRED_FR],
      ['lastName', REQUIRED_FR],
    ]);
    expect(missingFieldsFr({ birthDate: '2026-03-15' }).size).toBe(0);
  });
});

describe('a credit note in hours refused by the API (R8.16)', () => {
  it('says what is left on the line or on the invoice, in French', () => {
    expect(fieldMessageFr(['at most 112.00 hours are left to take off line 1'])).toBe(
      'Au plus 112,00 h restent à retirer de la ligne 1.',
    );
    expect(
      fieldMessageFr([
        'these hours come to 21.00 euros: amount must be at most what is left to credit on this invoice (5.50)',
      ]),
    ).toBe('Ces heures font 21,00 € : au plus 5,50 € restent à créditer sur cette facture.');
    expect(fieldMessageFr(['line 2 bills no hours to take off (a deduction or a line without hours at a rate)'])).toBe(
      'Cette ligne ne facture pas d’heures qu’un avoir puisse retirer.',
    );
    expect(fieldMessageFr(['the invoice has no line 9'])).toBe('Cette ligne n’est pas sur la facture.');
    expect(
      fieldMessageFr([
        "the child's invoice lines, net of deductions and credit notes, leave at most 119.00 hours and 178.50 euros to take off",
      ]),
    ).toBe(
      'Les lignes de cet enfant sur la facture, déductions et avoirs retirés, ne laissent que 119,00 h et 178,50 € à retirer.',
    );
  });
});
