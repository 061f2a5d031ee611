export const ROLES = ['PARENT', 'MANAGER', 'CAF_AUDITOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];
