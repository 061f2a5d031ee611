import { api, isApiError } from '../../api/client';
import { unwrap } from '../../api/call';
import { frenchError } from '../../api/errors-fr';

export type * from './follow-types';

// Each answer is typed by the OpenAPI document (src/api/schema.d.ts), as the app's other calls.
export const followApi = {
  applications: async () => unwrap(api.GET('/api/applications')),
  application: async (id: string) => unwrap(api.GET('/api/applications/{id}', { params: { path: { id } } })),
  confirmInterest: async (id: string) =>
    unwrap(api.POST('/api/applications/{id}/confirm-interest', { params: { path: { id } } })),
  withdraw: async (id: string) => unwrap(api.POST('/api/applications/{id}/withdraw', { params: { path: { id } } })),
  offers: async () => unwrap(api.GET('/api/me/offers')),
  offer: async (id: string) => unwrap(api.GET('/api/offers/{id}', { params: { path: { id } } })),
  accept: async (id: string, leavePeriods: readonly { from: string; to: string }[] = []) =>
    unwrap(
      api.POST('/api/offers/{id}/accept', { params: { path: { id } }, body: { leavePeriods: [...leavePeriods] } }),
    ),
  contract: async (id: string) => unwrap(api.GET('/api/contracts/{id}', { params: { path: { id } } })),
  decline: async (id: string, reason: string) =>
    unwrap(api.POST('/api/offers/{id}/decline', { params: { path: { id } }, body: { reason } })),
  children: async (familyId: string) =>
    unwrap(api.GET('/api/families/{id}/children', { params: { path: { id: familyId } } })),
  creche: async (id: string) => unwrap(api.GET('/api/creches/{id}', { params: { path: { id } } })),
};

/** Why a page's subject could not be read: a malformed or unknown id (an old or mistyped link) is "introuvable". */
export function loadError(e: unknown, notFound: string): string {
  return isApiError(e) && (e.statusCode === 404 || e.statusCode === 400) ? notFound : frenchError(e);
}
