/** CRECHE_STAFF: a crèche's auxiliaries and educators, who check children in and out (issue #16). */
export const ROLES = ['PARENT', 'MANAGER', 'CAF_AUDITOR', 'ADMIN', 'TERRITORY_COORDINATOR', 'CRECHE_STAFF'] as const;
export type Role = (typeof ROLES)[number];
