import { eurosProblem } from '../../../../src/modules/fees/domain/euros';
import {
  atypicalReasons,
  fieldErrors,
  initialQuoteForm,
  isoDate,
  normaliseEuros,
  timeOfDay,
  toQuoteBody,
  type QuoteFormState,
} from './quote-form';

describe('quote form', () => {
  it.each([
    ['04/01/2027', '2027-01-04'],
    ['4/1/2027', '2027-01-04'],
    [' 25.06.2027 ', '2027-06-25'],
    ['2027-01-04', '2027-01-04'],
    ['demain', 'demain'],
  ])('reads the date %p as %p', (text, iso) => {
    expect(isoDate(text)).toBe(iso);
  });

  it.each([
    ['08:00', '08:00'],
    ['8h', '08:00'],
    ['8 h 30', '08:30'],
    ['16H', '16:00'],
    ['0830', '08:30'],
    ['midi', 'midi'],
  ])('reads the time %p as %p', (text, time) => {
    expect(timeOfDay(text)).toBe(time);
  });

  it.each([
    ['2 700', '2700.00'],
    ['2\u202f700,5 €', '2700.50'],
    ['0', '0.00'],
    ['beaucoup', 'beaucoup'],
  ])('reads the amount %p as %p', (text, euros) => {
    expect(normaliseEuros(text)).toBe(euros);
  });

  it.each([
    [{ weekday: 1, from: '07:00', to: '16:00' }, ['avant 7 h 30']],
    [{ weekday: 2, from: '07:30', to: '19:00' }, []],
    [{ weekday: 3, from: '8h', to: '19h15' }, ['après 19 h']],
    [{ weekday: 6, from: '09:00', to: '12:00' }, ['samedi']],
    [{ weekday: 7, from: '', to: '' }, []],
  ])('marks %p atypical for %p', (day, reasons) => {
    expect(atypicalReasons(day)).toEqual(reasons);
  });

  const example: QuoteFormState = {
    ...initialQuoteForm,
    monthlyResources: '2 700',
    contractStart: '04/01/2027',
    contractEnd: '25/06/2027',
    days: initialQuoteForm.days.map((d) => (d.weekday <= 5 ? { ...d, from: '8h', to: '16:00' } : d)),
    leave: [{ key: 1, from: '15/02/2027', to: '19/02/2027' }],
  };

  it("sends the issue's worked example as the API's period form", () => {
    expect(toQuoteBody(example)).toEqual({
      careType: 'COLLECTIVE',
      dependentChildren: 1,
      aeehChildren: 0,
      monthlyResources: '2700.00',
      date: '2027-01-04',
      contractStart: '2027-01-04',
      contractEnd: '2027-06-25',
      schedule: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '16:00' })),
      leavePeriods: [{ from: '2027-02-15', to: '2027-02-19' }],
    });
  });

  it('sends refused resources as resourcesRefused and unknown ones as nothing', () => {
    expect(toQuoteBody({ ...example, resourcesMode: 'refused' })).toMatchObject({ resourcesRefused: true });
    expect(toQuoteBody({ ...example, resourcesMode: 'unknown' })).not.toHaveProperty('monthlyResources');
  });

  it("puts each of the API's field errors on its field, the day it names, once, in French", () => {
    const state = { ...example, contractEnd: '', monthlyResources: 'beaucoup' };
    const errors = fieldErrors(state, [
      { field: 'monthlyResources', errors: ['monthlyResources must be a non-negative amount in euros'] },
      { field: 'contractEnd', errors: ['contractEnd must be a date YYYY-MM-DD', 'contractEnd must be in 2000-2099'] },
      { field: 'contractStart', errors: ['contractStart must not be after contractEnd'] },
      { field: 'schedule[2].from', errors: ['from must be before to'] },
      { field: 'leavePeriods[0].from', errors: ['from must not be after to'] },
    ]);
    expect(Object.fromEntries(errors)).toEqual({
      monthlyResources: 'Indiquez un montant en euros, par exemple 2 700 ou 2 700,50.',
      contractEnd: 'Ce champ est obligatoire.',
      contractStart: 'La date de début doit précéder la date de fin.',
      'day-3': 'Horaires invalides : l’arrivée doit précéder le départ, sans chevaucher un autre créneau du même jour.',
      'leave-1':
        'Période invalide : le premier jour doit précéder le dernier, pendant le contrat (10 semaines par an au plus).',
    });
  });

  it("says a chosen crèche's own rules: a day outside its opening hours, its bound on leave", () => {
    const errors = fieldErrors(
      example,
      [
        { field: 'schedule[0]', errors: ['lundi 07:00-07:30 is outside the opening hours of Crèche des Tilleuls'] },
        { field: 'leavePeriods', errors: ['declared leave takes 1 weeks of the schedule; the crèche allows 0.9'] },
      ],
      4,
    );
    expect(Object.fromEntries(errors)).toEqual({
      'day-1':
        'En dehors des horaires d’ouverture de la crèche (lundi 07:00-07:30) : un contrat ne peut pas y réserver d’heures.',
      schedule: 'Congés invalides (4 semaines par an au plus).',
    });
  });

  it('says why the AEEH children or the resources were refused, not only that they were', () => {
    const errors = fieldErrors({ ...example, monthlyResources: '10000000000', aeehChildren: '5' }, [
      { field: 'monthlyResources', errors: [eurosProblem('monthlyResources', '10000000000')] },
      { field: 'aeehChildren', errors: ['aeehChildren cannot exceed dependentChildren'] },
    ]);
    expect(Object.fromEntries(errors)).toEqual({
      monthlyResources:
        'Montant trop élevé : indiquez au plus 999 999 999,99 €. Vérifiez qu’il s’agit bien d’un montant mensuel.',
      aeehChildren: 'Pas plus que le nombre d’enfants à charge : les enfants bénéficiaires de l’AEEH en font partie.',
    });
  });
});
