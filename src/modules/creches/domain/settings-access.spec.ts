import {
  ADMIN_ONLY_CRECHE_SETTINGS,
  adminOnlySettingsIn,
  isManagerEditable,
  MANAGER_EDITABLE_CRECHE_SETTINGS,
} from './settings-access';

describe('crèche settings access', () => {
  it('keeps what the PMI authorisation or the territory fixes with admins', () => {
    for (const s of ['name', 'kind', 'commune', 'places', 'surnombre', 'minAgeMonths', 'maxAgeMonths'])
      expect(ADMIN_ONLY_CRECHE_SETTINGS).toContain(s);
    expect(ADMIN_ONLY_CRECHE_SETTINGS).toContain('reservedInsertionPlaces');
    expect(isManagerEditable('places')).toBe(false);
  });

  it("lets the crèche's managers change its operational settings", () => {
    expect([...MANAGER_EDITABLE_CRECHE_SETTINGS].sort()).toEqual(
      [
        'afcFileNumber',
        'paymentDueDays',
        'paymentTerms',
        'billingUnitMinutes',
        'cafNumber',
        'capacityBands',
        'closures',
        'emergencyHourlyRate',
        'emergencyRate',
        'maxLeaveWeeksPerYear',
        'offerResponseDays',
        'openingHours',
        'opensOnPublicHolidays',
      ].sort(),
    );
    expect(MANAGER_EDITABLE_CRECHE_SETTINGS.filter((s) => ADMIN_ONLY_CRECHE_SETTINGS.includes(s))).toEqual([]);
  });

  it('names the admin-only settings a change sends, ignoring absent ones and unknown to managers', () => {
    expect(adminOnlySettingsIn({ closures: [], places: 3, name: undefined, minAgeMonths: null })).toEqual([
      'places',
      'minAgeMonths',
    ]);
    expect(adminOnlySettingsIn({ closures: [], billingUnitMinutes: 15 })).toEqual([]);
    // A key the rule does not know is not the managers' either.
    expect(adminOnlySettingsIn({ territoryId: 'x' })).toEqual(['territoryId']);
  });
});
