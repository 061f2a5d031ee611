import type { Role } from '../../modules/users/domain/role';

/**
 * What each role may do. Row-level scoping (a parent's own family, a manager's own crèches) is checked by the
 * services; this table only says which kinds of action a role can attempt at all.
 */
export const PERMISSIONS = [
  'users:create',
  'users:read',
  'audit:read',
  'notices:read',
  'territories:write',
  'creches:write',
  // A crèche's operational settings (hours, closures, billing…): its own managers too, per field (docs/rules.md R1.2b).
  'creches:settings',
  'creches:plan',
  // Pointage: the day's list, arrivals and departures (managers and the crèche's staff, issue #16).
  'attendance:clock',
  'contracts:read',
  'occupancy:read',
  'fee_scales:write',
  'fees:read',
  'fee_audit:read',
  'families:read',
  'policies:write',
  'waitlist:read',
  'allocation:run',
  'territory_dashboard:read',
  'caf_reports:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  PARENT: ['families:read', 'contracts:read'],
  MANAGER: [
    'notices:read',
    'creches:settings',
    'creches:plan',
    'attendance:clock',
    'contracts:read',
    'occupancy:read',
    'fees:read',
    'families:read',
    'waitlist:read',
    'allocation:run',
    'caf_reports:read',
  ],
  CAF_AUDITOR: ['audit:read', 'occupancy:read', 'fees:read', 'fee_audit:read', 'caf_reports:read'],
  // The CTG steering committee: its territory's aggregated demand and supply, no personal data (docs/rules.md §10).
  TERRITORY_COORDINATOR: ['territory_dashboard:read'],
  // A crèche's auxiliaries and educators, at the crèches they work at: pointage, and the places the day uses.
  CRECHE_STAFF: ['attendance:clock', 'occupancy:read'],
  ADMIN: PERMISSIONS,
};

export function permissionsFor(role: Role): ReadonlySet<Permission> {
  return new Set(GRANTS[role]);
}

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
