import { api, isApiError } from '../../api/client';
import { unwrap } from '../../api/call';
import { frenchError } from '../../api/errors-fr';
import type { Application, ApplicationWithRanks, Child, Creche, Offer } from './follow-types';

export type * from './follow-types';

// The answers are read as the types of follow-types.ts (see the note at its top).
const as = <T>(data: unknown) => data as T;

export const followApi = {
  applications: async () => as<Application[]>(await unwrap(api.GET('/api/applications'))),
  application: async (id: string) =>
    as<ApplicationWithRanks>(await unwrap(api.GET('/api/applications/{id}', { params: { path: { id } } }))),
  confirmInterest: async (id: string) =>
    as<Application>(await unwrap(api.POST('/api/applications/{id}/confirm-interest', { params: { path: { id } } }))),
  withdraw: async (id: string) =>
    as<Application>(await unwrap(api.POST('/api/applications/{id}/withdraw', { params: { path: { id } } }))),
  offers: async () => as<Offer[]>(await unwrap(api.GET('/api/me/offers'))),
  offer: async (id: string) => as<Offer>(await unwrap(api.GET('/api/offers/{id}', { params: { path: { id } } }))),
  accept: async (id: string) =>
    as<Offer>(await unwrap(api.POST('/api/offers/{id}/accept', { params: { path: { id } }, body: {} }))),
  decline: async (id: string, reason: string) =>
    as<Offer>(await unwrap(api.POST('/api/offers/{id}/decline', { params: { path: { id } }, body: { reason } }))),
  children: async (familyId: string) =>
    as<Child[]>(await unwrap(api.GET('/api/families/{id}/children', { params: { path: { id: familyId } } }))),
  creche: async (id: string) => as<Creche>(await unwrap(api.GET('/api/creches/{id}', { params: { path: { id } } }))),
};

/** Why a page's subject could not be read: a malformed or unknown id (an old or mistyped link) is "introuvable". */
export function loadError(e: unknown, notFound: string): string {
  return isApiError(e) && (e.statusCode === 404 || e.statusCode === 400) ? notFound : frenchError(e);
}
