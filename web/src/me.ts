import { useQuery } from '@tanstack/react-query';
import { api } from './api/client';
import { unwrap } from './api/call';
import type { components } from './api/schema';
import { useSignedIn } from './session';

export type Me = components['schemas']['MeResponseDto'];
export type Role = Me['role'];

/** The roles that work in a crèche: they get the staff's pages and menu rather than a family's. */
export const STAFF_ROLES: readonly Role[] = ['MANAGER', 'ADMIN'];
/** Aujourd'hui's: the crèche's staff accounts too (pointage only). */
export const CLOCKING_ROLES: readonly Role[] = [...STAFF_ROLES, 'CRECHE_STAFF'];
/** The roles that check fees, reports and the audit log. */
export const AUDITOR_ROLES: readonly Role[] = ['CAF_AUDITOR', 'ADMIN'];
/** The roles that read the territory's dashboard. */
export const COORDINATOR_ROLES: readonly Role[] = ['TERRITORY_COORDINATOR', 'ADMIN'];

export const fetchMe = (): Promise<Me> => unwrap(api.GET('/api/me'));

/** The signed-in account (GET /api/me), shared by every page under the key ['me']; nothing asked when signed out. */
export function useMe() {
  const signedIn = useSignedIn();
  return useQuery({
    queryKey: ['me'],
    enabled: signedIn,
    queryFn: fetchMe,
  });
}
