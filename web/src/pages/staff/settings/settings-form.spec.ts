import type { components } from '../../../api/schema';
import { capacityConflictFr, changesOf, closedDayAttendedFr, formOf, settingsMessageFr } from './settings-form';

const creche: components['schemas']['CrecheResponseDto'] = {
  id: '7c0f0c2e-0b7e-4a53-9b52-2d9c3c0d9a01',
  territoryId: '2b8e8e5e-8d8b-4d4f-9c2e-8f3b1f3c7a10',
  name: 'Micro-crèche Les Lucioles',
  commune: { inseeCode: '88367', name: 'Rambervillers' },
  kind: 'MICRO_CRECHE',
  places: 12,
  surnombre: true,
  openingHours: [{ weekday: 1, opens: '05:00', closes: '21:00', atypical: [{ from: '05:00', to: '07:30' }] }],
  capacityBands: [{ weekday: 1, from: '05:00', to: '07:00', places: 6 }],
  closures: [{ from: '2026-12-24', to: '2027-01-01', label: 'Fermeture de Noël' }],
  opensOnPublicHolidays: false,
  minAgeMonths: null,
  maxAgeMonths: 48,
  offerResponseDays: 8,
  reservedInsertionPlaces: 1,
  resourcesCeilingOverride: null,
  maxLeaveWeeksPerYear: 10,
  billingUnitMinutes: 30,
  emergencyRate: 'FLOOR',
  emergencyHourlyRate: null,
  cafNumber: null,
  afcFileNumber: null,
  paymentDueDays: null,
  paymentTerms: null,
};

describe('crèche settings form', () => {
  const initial = formOf(creche);

  it('sends nothing when nothing changed', () => {
    expect(changesOf(initial, initial)).toEqual({});
  });

  it('sends only what changed: the billing unit alone does not resend the hours (which would replan)', () => {
    expect(changesOf({ ...initial, billingUnitMinutes: '15' }, initial)).toEqual({ billingUnitMinutes: 15 });
  });

  it('sends a changed list whole, as the API replaces it', () => {
    const form = {
      ...initial,
      closures: [...initial.closures, { from: '2027-08-02', to: '2027-08-20', label: ' Été ' }],
    };
    expect(changesOf(form, initial)).toEqual({
      closures: [
        { from: '2026-12-24', to: '2027-01-01', label: 'Fermeture de Noël' },
        { from: '2027-08-02', to: '2027-08-20', label: 'Été' },
      ],
    });
  });

  it('turns whole numbers into numbers and leaves anything else for the API to refuse by name', () => {
    expect(changesOf({ ...initial, places: ' 10 ', offerResponseDays: 'huit' }, initial)).toEqual({
      places: 10,
      offerResponseDays: 'huit',
    });
  });

  it('reads French amounts and clears optional fields to null', () => {
    const filled = { ...initial, emergencyRate: 'FIXED', emergencyHourlyRate: '1,42', cafNumber: '881234' };
    expect(changesOf(filled, initial)).toEqual({
      emergencyRate: 'FIXED',
      emergencyHourlyRate: '1.42',
      cafNumber: '881234',
    });
    expect(changesOf({ ...filled, cafNumber: ' ', minAgeMonths: '' }, filled)).toEqual({ cafNumber: null });
    expect(changesOf({ ...initial, minAgeMonths: '3' }, initial)).toEqual({ minAgeMonths: 3 });
    expect(changesOf(initial, { ...initial, minAgeMonths: '3' })).toEqual({ minAgeMonths: null });
  });

  it('sends the payment delay as a number (empty: none) and the terms trimmed (empty: none)', () => {
    const terms = 'Virement ; CESU acceptés';
    const filled = { ...initial, paymentDueDays: ' 15 ', paymentTerms: ` ${terms} ` };
    expect(changesOf(filled, initial)).toEqual({ paymentDueDays: 15, paymentTerms: terms });
    expect(changesOf({ ...filled, paymentDueDays: '0' }, filled)).toEqual({ paymentDueDays: 0 });
    expect(changesOf({ ...filled, paymentDueDays: '', paymentTerms: ' ' }, filled)).toEqual({
      paymentDueDays: null,
      paymentTerms: null,
    });
  });

  it.each([
    [['paymentDueDays must not be greater than 60'], 'Indiquez un délai de 0 à 60 jours.'],
    [['paymentDueDays must be an integer number'], 'Indiquez un nombre entier de jours, de 0 à 60.'],
    [
      ['paymentTerms must not contain line breaks or control characters'],
      'Sur une seule ligne, sans retour à la ligne.',
    ],
    [['paymentTerms must be shorter than or equal to 500 characters'], 'Au plus 500 caractères.'],
    [
      ['a MICRO_CRECHE has at most 12 places (art. R2324-46 of the Code de la santé publique)'],
      'Une micro-crèche a au plus 12 places (art. R2324-46 du code de la santé publique).',
    ],
    [
      ['a capacity band cannot exceed the 12 authorised places'],
      'Une modulation ne peut pas dépasser les 12 places autorisées.',
    ],
    [['from must not be after to'], 'Le début ne doit pas être après la fin.'],
    [['a closure ends on or after the day it starts'], 'La fin doit être le même jour que le début ou après.'],
    [['opens must be before closes'], 'L’heure de début doit précéder l’heure de fin.'],
    [
      ['must not be below the national ceiling in force (8500.00 €)'],
      'Le plafond ne peut pas être inférieur au plafond national en vigueur (8500.00 €).',
    ],
  ])('says %p in French', (errors, french) => {
    expect(settingsMessageFr(errors)).toBe(french);
  });

  it('leaves the generic messages to errors-fr.ts', () => {
    expect(settingsMessageFr(['places must be an integer number'])).toBeNull();
  });
});

describe('capacityConflictFr', () => {
  it('names the first conflict of a refused change, and how many more', () => {
    const closed = { date: '2027-03-06', from: '13:00', to: '14:00', present: 0, limit: 0, rule: 'CLOSED' };
    expect(capacityConflictFr({ conflicts: [closed] })).toBe(
      'Premier conflit : le samedi 06/03/2027 de 13:00 à 14:00, un enfant est prévu alors que la crèche serait fermée.',
    );
    const full = { date: '2027-03-01', from: '08:00', to: '09:00', present: 13, limit: 12, rule: 'PLACES' };
    expect(capacityConflictFr({ conflicts: [full, closed, closed] })).toBe(
      'Premier conflit : le lundi 01/03/2027 de 08:00 à 09:00, 13 enfants prévus pour 12 places (et 2 autres).',
    );
    expect(capacityConflictFr({ conflicts: [{ ...full, rule: 'SURNOMBRE_115', present: 15, limit: 14 }] })).toBe(
      'Premier conflit : le lundi 01/03/2027 de 08:00 à 09:00, 15 enfants prévus pour 14 places, surnombre compris.',
    );
    expect(capacityConflictFr({ conflicts: [{ ...full, rule: 'WEEKLY_100' }] })).toBe(
      'Premier conflit : la semaine du lundi 01/03/2027, l’occupation prévue dépasserait 100 %.',
    );
    expect(capacityConflictFr({ conflicts: [] })).toBeNull();
    expect(capacityConflictFr(null)).toBeNull();
    expect(capacityConflictFr({ conflicts: [{ date: 'demain' }] })).toBeNull();
  });
});

describe('closedDayAttendedFr', () => {
  it('names the first day checked in that a refused closure would close, and how many more', () => {
    expect(closedDayAttendedFr({ days: ['2027-03-30'] })).toBe('Premier jour pointé : le mardi 30/03/2027.');
    expect(closedDayAttendedFr({ days: ['2027-03-30', '2027-03-31', '2027-04-01'] })).toBe(
      'Premier jour pointé : le mardi 30/03/2027 (et 2 autres).',
    );
    expect(closedDayAttendedFr({ days: [] })).toBeNull();
    expect(closedDayAttendedFr(undefined)).toBeNull();
  });
});
