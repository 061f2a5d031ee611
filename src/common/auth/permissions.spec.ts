import { can, PERMISSIONS, permissionsFor } from './permissions';
import { ROLES } from '../../modules/users/domain/role';

describe('permissions', () => {
  it.each([
    ['ADMIN', 'users:create', true],
    ['PARENT', 'users:create', false],
    ['MANAGER', 'users:create', false],
    ['CAF_AUDITOR', 'users:create', false],
    ['CAF_AUDITOR', 'audit:read', true],
    ['ADMIN', 'audit:read', true],
    ['PARENT', 'audit:read', false],
    ['MANAGER', 'audit:read', false],
    ['TERRITORY_COORDINATOR', 'territory_dashboard:read', true],
    ['ADMIN', 'territory_dashboard:read', true],
    ['MANAGER', 'territory_dashboard:read', false],
    ['TERRITORY_COORDINATOR', 'families:read', false],
    ['TERRITORY_COORDINATOR', 'users:create', false],
    ['MANAGER', 'caf_reports:read', true],
    ['CAF_AUDITOR', 'caf_reports:read', true],
    ['PARENT', 'caf_reports:read', false],
    ['TERRITORY_COORDINATOR', 'caf_reports:read', false],
    // A crèche's settings: managers the operational ones of their own crèches, admins every one (rules.md R1.2b).
    ['MANAGER', 'creches:settings', true],
    ['MANAGER', 'creches:write', false],
    ['ADMIN', 'creches:settings', true],
    ['ADMIN', 'creches:write', true],
    ['PARENT', 'creches:settings', false],
    ['CAF_AUDITOR', 'creches:settings', false],
    ['TERRITORY_COORDINATOR', 'creches:settings', false],
    // Pointage: managers and the crèche's staff; the staff nothing else that names a family or decides (issue #16).
    ['MANAGER', 'attendance:clock', true],
    ['CRECHE_STAFF', 'attendance:clock', true],
    ['CRECHE_STAFF', 'occupancy:read', true],
    ['CRECHE_STAFF', 'creches:plan', false],
    ['CRECHE_STAFF', 'families:read', false],
    ['CRECHE_STAFF', 'contracts:read', false],
    ['CRECHE_STAFF', 'waitlist:read', false],
    ['CRECHE_STAFF', 'notices:read', false],
    ['PARENT', 'attendance:clock', false],
    ['CAF_AUDITOR', 'attendance:clock', false],
  ] as const)('%s %s → %s', (role, permission, expected) => {
    expect(can(role, permission)).toBe(expected);
  });

  it('grants only known permissions', () => {
    for (const role of ROLES) {
      for (const p of permissionsFor(role)) expect(PERMISSIONS).toContain(p);
    }
  });

  it('gives the Caf auditor no write permission', () => {
    const writes = [...permissionsFor('CAF_AUDITOR')].filter((p) => !p.endsWith(':read'));
    expect(writes).toEqual([]);
  });
});
