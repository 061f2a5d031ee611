export const ROLES = ['PARENT', 'MANAGER', 'CAF_AUDITOR', 'ADMIN', 'TERRITORY_COORDINATOR'] as const;
export type Role = (typeof ROLES)[number];
