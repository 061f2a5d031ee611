import {
  applicationErrors,
  describeOpeningHours,
  emptyWeek,
  initialApplicationForm,
  move,
  scheduleFit,
  toApplicationBody,
  type ApplicationFormState,
  type Week,
} from './application-form';

const weekdays = (from: string, to: string): Week => emptyWeek().map((d) => (d.weekday <= 5 ? { ...d, from, to } : d));
const collective = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '07:30', closes: '18:30' }));

describe('Demander une place: the form', () => {
  it('says in words whether a week fits a crèche’s opening hours, typed times included', () => {
    expect(scheduleFit(weekdays('8h', '16h30'), collective)).toEqual({ kind: 'FITS' });
    expect(scheduleFit(emptyWeek(), collective)).toEqual({ kind: 'EMPTY' });
    const saturday = emptyWeek().map((d) => (d.weekday === 6 ? { ...d, from: '09:00', to: '12:00' } : d));
    expect(scheduleFit(saturday, collective)).toEqual({ kind: 'OUTSIDE', problems: ['fermée le samedi'] });
    const early = scheduleFit(weekdays('05:30', '13:30'), collective);
    expect(early.kind === 'OUTSIDE' && early.problems[0]).toBe(
      'le lundi de 05:30 à 13:30 dépasse ses horaires (07:30–18:30)',
    );
  });

  it('describes opening hours grouping the days with the same hours', () => {
    expect(describeOpeningHours(collective)).toBe('du lundi au vendredi 07:30–18:30');
    expect(describeOpeningHours([...collective, { weekday: 6, opens: '08:00', closes: '12:00' }])).toBe(
      'du lundi au vendredi 07:30–18:30 ; samedi 08:00–12:00',
    );
    expect(describeOpeningHours([])).toBe('aucun horaire publié');
  });

  const state: ApplicationFormState = {
    ...initialApplicationForm(),
    childId: 'c1',
    startDate: '1/9/2027',
    week: weekdays('5h30', '13h30'),
    creches: [
      { crecheId: 'a', ownSchedule: false, week: emptyWeek() },
      { crecheId: 'b', ownSchedule: true, week: weekdays('08:00', '15:00') },
    ],
  };

  it('sends the main week, and its own week for a crèche that has one', () => {
    const body = toApplicationBody(state);
    expect(body.desiredStartDate).toBe('2027-09-01');
    expect(body.schedule?.[0]).toEqual({ weekday: 1, from: '05:30', to: '13:30' });
    expect(body.preferences[0]).toBe('a');
    expect(body.preferences[1]).toEqual({
      crecheId: 'b',
      schedule: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '15:00' })),
    });
  });

  it('moves a crèche up or down, not past either end', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });

  it('puts each API field error in French beside the field concerned', () => {
    const errors = applicationErrors(state, [
      { field: 'preferences[1].schedule[2]', errors: ['mercredi 07:00-07:30 is outside the opening hours of B'] },
      { field: 'schedule[0]', errors: ['overlaps schedule[1]'] },
      { field: 'preferences[0]', errors: ['the child is too young for A at the start date (minimum 10 weeks)'] },
      { field: 'desiredStartDate', errors: ['desiredStartDate must not be in the past'] },
    ]);
    expect(Object.fromEntries(errors)).toEqual({
      'creche-b-day-3': 'En dehors des heures d’ouverture de la crèche.',
      'day-1': 'Ce créneau chevauche un autre créneau du même jour.',
      'creche-a': 'Votre enfant sera trop jeune pour cette crèche à la date d’entrée souhaitée.',
      startDate: 'La date d’entrée ne peut pas être passée.',
    });
    const empty = applicationErrors(initialApplicationForm(), [
      { field: 'desiredStartDate', errors: ['desiredStartDate must be a date YYYY-MM-DD'] },
      { field: 'preferences', errors: ['preferences must contain at least 1 elements'] },
    ]);
    expect(Object.fromEntries(empty)).toEqual({
      startDate: 'Ce champ est obligatoire.',
      creches: 'Choisissez au moins une crèche.',
    });
  });
});
