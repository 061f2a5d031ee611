import { useQuery } from '@tanstack/react-query';
import { api, isApiError, type ApiError } from '../../api/client';
import { unwrap } from '../../api/call';
import { session, useSignedIn } from '../../session';
import { formatFrench } from '../../../../src/common/text/french-dates';

/** French words for the API's codes on the family's pages. */
export const BENEFIT_SCHEME_FR: Record<string, string> = {
  GENERAL: 'Régime général (Caf)',
  MSA: 'MSA (régime agricole)',
  OTHER: 'Autre régime',
};
export const PARENTS_ACTIVITY_FR: Record<string, string> = {
  BOTH_WORKING: 'Les deux parents (ou le parent seul) travaillent',
  ONE_WORKING_ONE_JOBSEEKING: 'Un parent travaille, l’autre cherche un emploi',
  ONE_WORKING_ONE_INACTIVE: 'Un parent travaille, l’autre est sans activité',
  NONE_WORKING: 'Aucun parent ne travaille',
};
export const DOCUMENT_TYPE_FR: Record<string, string> = {
  TAX_NOTICE_N2: 'Avis d’imposition N-2',
  CAF_CDAP: 'Consultation CDAP de la Caf',
  CERTIFICATE: 'Attestation',
  AEEH_NOTIFICATION: 'Notification d’AEEH',
  OTHER: 'Autre justificatif',
};
export const DECLARATION_STATUS_FR: Record<string, string> = {
  PENDING: 'En attente',
  VALIDATED: 'Validée',
  REJECTED: 'Refusée',
};

const euroFormat = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** "3000.00" → "3 000,00 €"; "unknown" and "refused" in words. */
export function resourcesFr(value: string | null): string {
  if (value === null) return '—';
  if (value === 'unknown') return 'Inconnues (le tarif plancher s’applique)';
  if (value === 'refused') return 'Non communiquées (le tarif plafond s’applique)';
  return euroFormat.format(Number(value));
}

/** "2026-03-15" → "15/03/2026" (a calendar date, never shifted by a time zone). */
export function dateFr(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** An instant in French, in Paris time: "1er décembre 2026 à 14:05". */
export function dateTimeFr(iso: string): string {
  return formatFrench(
    new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }),
    new Date(iso),
  );
}

/** The signed-in parent's household, or null while they have none. */
export function useMyFamily() {
  const signedIn = useSignedIn();
  return useQuery({
    queryKey: ['my-family'],
    enabled: signedIn,
    queryFn: async () => (await unwrap(api.GET('/api/me/family'))).family,
  });
}

/** A request the typed client cannot send (a multipart upload) or a file download: same token, same error body. */
export async function rawFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = session.token();
  if (token) headers.set('authorization', `Bearer ${token}`);
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers });
  } catch {
    throw { statusCode: 0, code: 'NETWORK', message: 'network failure' } satisfies ApiError;
  }
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => null);
    throw isApiError(body)
      ? body
      : ({ statusCode: res.status, code: 'UNEXPECTED', message: 'unexpected response' } satisfies ApiError);
  }
  return res;
}
