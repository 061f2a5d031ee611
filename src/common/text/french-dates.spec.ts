import { formatFrench, frenchDate, frenchMonth, ofFrenchMonth } from './french-dates';

describe('French dates', () => {
  it('names the month and writes the day without a leading zero', () => {
    expect(frenchMonth('2027-03')).toBe('mars 2027');
    expect(frenchMonth('2027-12-31')).toBe('décembre 2027');
    expect(frenchDate('2027-03-08')).toBe('8 mars 2027');
    expect(frenchDate('2028-02-29')).toBe('29 février 2028');
    expect(frenchDate('2027-08-15')).toBe('15 août 2027');
  });

  it('writes the first of a month "1er", and only the first', () => {
    expect(frenchDate('2027-03-01')).toBe('1er mars 2027');
    expect(frenchDate('2027-03-11')).toBe('11 mars 2027');
    expect(frenchDate('2027-03-21')).toBe('21 mars 2027');
    const full = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' });
    expect(formatFrench(full, new Date('2026-12-01T09:00:00Z'))).toBe('mardi 1er décembre 2026 à 10:00');
    expect(formatFrench(full, new Date('2026-12-11T09:01:00Z'))).toBe('vendredi 11 décembre 2026 à 10:01');
    // Paris is already on the 1st while UTC is still on the 31st.
    expect(formatFrench(full, new Date('2026-12-31T23:30:00Z'))).toBe('vendredi 1er janvier 2027 à 00:30');
    const digits = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric' });
    expect(formatFrench(digits, new Date('2027-03-01T12:00:00Z'))).toBe('01/03/2027');
  });

  it('writes "de" before a month, elided before a vowel', () => {
    expect(ofFrenchMonth('2027-03')).toBe('de mars 2027');
    expect(ofFrenchMonth('2027-04')).toBe('d’avril 2027');
    expect(ofFrenchMonth('2027-08')).toBe('d’août 2027');
    expect(ofFrenchMonth('2026-10-01')).toBe('d’octobre 2026');
    expect(ofFrenchMonth('2026-11')).toBe('de novembre 2026');
  });
});
