import { DataSource } from 'typeorm';
import type { INestApplicationContext } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth.decorators';
import { ApplicationsService } from '../modules/applications/applications.service';
import { ContractsService } from '../modules/contracts/contracts.service';
import { CrechesService } from '../modules/creches/creches.service';
import { ChildrenService } from '../modules/families/children.service';
import { FamiliesService } from '../modules/families/families.service';
import { TerritoriesService } from '../modules/territories/territories.service';
import { TerritoryCoordinatorsService } from '../modules/territory-dashboard/territory-coordinators.service';
import { UsersService } from '../modules/users/users.service';
import type { ParentsActivity } from '../modules/families/entities/family.entity';
import { AttendanceService } from '../modules/attendance/attendance.service';
import { AbsencesService } from '../modules/attendance/absences.service';
import { CLOCK, Clock, todayOf } from '../common/time/clock';
import { HolidayCalendar } from '../common/time/holiday-calendar';
import { dayOf, hhmmOf, isoOf, minuteOf, weekdayOf } from '../common/time/calendar';

export const DEMO_TERRITORY = 'Communauté de communes de la Région de Rambervillers';
export const DEMO_PASSWORD = 'berceau-demo-2026';

/** Illustrative communes (check the INSEE codes against the official geographic code before real use). */
const COMMUNES = [
  { inseeCode: '88367', name: 'Rambervillers' },
  { inseeCode: '88075', name: 'Bru' },
  { inseeCode: '88250', name: 'Jeanménil' },
  { inseeCode: '88392', name: 'Romont' },
  { inseeCode: '88420', name: 'Saint-Gorgon' },
];
/** The postal code of each commune a demo household lives in (the canton's communes share Rambervillers' 88700). */
const POSTAL_CODES: Record<string, string> = {
  '88367': '88700',
  '88075': '88700',
  '88250': '88700',
  '88392': '88700',
  '88420': '88700',
  '54395': '54000', // Nancy, outside the territory
};

const week = (days: number[], from: string, to: string) => days.map((weekday) => ({ weekday, from, to }));
/** Schedules of shift workers near the industrial zone, and of office hours. */
export const SCHEDULES = [
  week([1, 2, 3, 4, 5], '05:30', '13:30'),
  week([1, 2, 3, 4, 5], '13:00', '20:45'),
  [...week([1, 2, 3], '05:30', '13:30'), ...week([6], '06:00', '14:00')],
  week([1, 2, 3, 4, 5], '08:00', '17:00'),
  week([1, 2, 4], '07:30', '18:00'),
  [...week([1, 3, 5], '13:00', '21:00'), ...week([6], '08:00', '12:00')],
];

export interface DemoLogins {
  readonly admin: string;
  readonly managers: string[];
  readonly auditor: string;
  readonly coordinator: string;
  /** The micro-crèche's auxiliary: Aujourd'hui's pointage only. */
  readonly staff: string;
  readonly parents: string[];
  readonly created: boolean;
}

/** Loads the demo territory once (idempotent: a second run changes nothing) and returns the logins. */
export async function seedDemo(app: INestApplicationContext): Promise<DemoLogins> {
  const ds = app.get(DataSource);
  const logins: DemoLogins = {
    admin: 'admin@berceau.demo',
    managers: ['direction.lucioles@berceau.demo', 'direction.p-tits-loups@berceau.demo'],
    auditor: 'auditrice.caf@berceau.demo',
    coordinator: 'coordination.ctg@berceau.demo',
    staff: 'equipe.lucioles@berceau.demo',
    parents: Array.from({ length: 40 }, (_, i) => `parent${String(i + 1).padStart(2, '0')}@berceau.demo`),
    created: false,
  };
  const existing: unknown[] = await ds.query(`SELECT 1 FROM territories WHERE name = $1`, [DEMO_TERRITORY]);
  if (existing.length) return logins;
  await ds.query(`SELECT pg_advisory_lock(hashtext('berceau.demo-seed'))`);
  try {
    if ((await ds.query(`SELECT 1 FROM territories WHERE name = $1`, [DEMO_TERRITORY])).length) return logins;
    await load(app, logins);
    return { ...logins, created: true };
  } finally {
    await ds.query(`SELECT pg_advisory_unlock(hashtext('berceau.demo-seed'))`);
  }
}

async function load(app: INestApplicationContext, logins: DemoLogins): Promise<void> {
  const users = app.get(UsersService);
  const system: AuthUser = { id: '00000000-0000-0000-0000-000000000000', role: 'ADMIN' };
  const account = (
    email: string,
    firstName: string,
    lastName: string,
    role: 'ADMIN' | 'MANAGER' | 'CAF_AUDITOR' | 'TERRITORY_COORDINATOR' | 'CRECHE_STAFF' | 'PARENT',
  ) => users.createByAdmin(system, { email, password: DEMO_PASSWORD, firstName, lastName, role });
  const ds = app.get(DataSource);
  const adminRow: { id: string }[] = await ds.query(`SELECT id FROM users WHERE email = $1`, [logins.admin]);
  const admin: AuthUser = {
    id: adminRow[0]?.id ?? (await account(logins.admin, 'Claire', 'Administratrice', 'ADMIN')).id,
    role: 'ADMIN',
  };
  const m1 = await account(logins.managers[0], 'Sophie', 'Directrice', 'MANAGER');
  const m2 = await account(logins.managers[1], 'Julien', 'Directeur', 'MANAGER');
  await account(logins.auditor, 'Nadia', 'Contrôleuse', 'CAF_AUDITOR');
  const coordinator = await account(logins.coordinator, 'Marc', 'Coordinateur', 'TERRITORY_COORDINATOR');
  const auxiliary = await account(logins.staff, 'Amina', 'Auxiliaire', 'CRECHE_STAFF');

  const territory = await app.get(TerritoriesService).create(admin, { name: DEMO_TERRITORY, communes: COMMUNES });
  // The CTG's coordinator reads the territory's dashboard.
  await app.get(TerritoryCoordinatorsService).set(admin, territory.id, [coordinator.id]);
  const creches = app.get(CrechesService);
  const micro = await creches.create(admin, {
    territoryId: territory.id,
    name: 'Micro-crèche Les Lucioles (zone industrielle)',
    commune: '88367',
    kind: 'MICRO_CRECHE',
    places: 12,
    surnombre: true,
    openingHours: week([1, 2, 3, 4, 5, 6], '05:00', '21:00').map((s) => ({
      weekday: s.weekday,
      opens: s.from,
      closes: s.to,
    })),
    capacityBands: [1, 2, 3, 4, 5, 6].flatMap((weekday) => [
      { weekday, from: '05:00', to: '07:00', places: 6 },
      { weekday, from: '19:00', to: '21:00', places: 6 },
    ]),
    closures: [
      { from: '2026-12-24', to: '2027-01-01', label: 'Fermeture de Noël' },
      { from: '2027-12-24', to: '2028-01-01', label: 'Fermeture de Noël' },
    ],
    offerResponseDays: 8,
    reservedInsertionPlaces: 1,
    paymentDueDays: 15,
    paymentTerms: 'Prélèvement le 10 du mois, virement ou CESU ; chèque à l’ordre du Trésor public',
  });
  const collective = await creches.create(admin, {
    territoryId: territory.id,
    name: "Multi-accueil Les P'tits Loups",
    commune: '88075',
    kind: 'COLLECTIVE',
    places: 30,
    surnombre: false,
    openingHours: week([1, 2, 3, 4, 5], '07:00', '19:00').map((s) => ({
      weekday: s.weekday,
      opens: s.from,
      closes: s.to,
    })),
    closures: [{ from: '2027-08-02', to: '2027-08-20', label: 'Fermeture estivale' }],
    paymentDueDays: 0,
    paymentTerms: 'À l’accueil (chèque, espèces, CESU) ou par virement au Trésor public',
  });
  await creches.setManagers(admin, micro.id, [m1.id]);
  await creches.setStaff(admin, micro.id, [auxiliary.id]);
  await creches.setManagers(admin, collective.id, [m2.id]);

  const families = app.get(FamiliesService);
  const children = app.get(ChildrenService);
  const applications = app.get(ApplicationsService);
  const contracts = app.get(ContractsService);
  const activities: ParentsActivity[] = [
    'BOTH_WORKING',
    'BOTH_WORKING',
    'ONE_WORKING_ONE_JOBSEEKING',
    'ONE_WORKING_ONE_INACTIVE',
    'BOTH_WORKING',
    'NONE_WORKING',
  ];
  const inCare: InCare[] = [];
  for (let i = 0; i < logins.parents.length; i += 1) {
    const parent = await account(logins.parents[i], FIRST_NAMES[i % FIRST_NAMES.length], LAST_NAMES[i], 'PARENT');
    const actor: AuthUser = { id: parent.id, role: 'PARENT' };
    const communeInseeCode = i % 9 === 8 ? '54395' : COMMUNES[i % COMMUNES.length].inseeCode; // a few live outside the territory
    const family = await families.create(actor, {
      communeInseeCode,
      postalCode: POSTAL_CODES[communeInseeCode],
      monthlyResources: i % 10 === 3 ? 'unknown' : String(900 + ((i * 397) % 5200)) + '.00',
      dependentChildren: 1 + (i % 3),
      aeehChildren: i % 13 === 5 ? 1 : 0,
      benefitScheme: i % 11 === 4 ? 'MSA' : 'GENERAL',
      singleParent: i % 5 === 1,
      parentsActivity: activities[i % activities.length],
      atypicalWorkHours: i % 3 !== 2,
      socialMinimaOrInsertion: i % 8 === 6,
      otherHouseholdDisability: i % 17 === 9,
    });
    const birth = new Date(Date.UTC(2025, 3 + (i % 14), 1 + (i % 27))).toISOString().slice(0, 10);
    const child = await children.add(actor, family.id, {
      firstName: CHILD_NAMES[i % CHILD_NAMES.length],
      birthDate: birth,
      disability: i % 19 === 7,
      multipleBirth: i % 23 === 11,
    });
    const schedule = SCHEDULES[i % SCHEDULES.length];
    if (i < 8) {
      // Children already in care at go-live.
      const crecheId = i < 5 ? micro.id : collective.id;
      const fits =
        crecheId === micro.id || schedule.every((s) => s.weekday <= 5 && s.from >= '07:00' && s.to <= '19:00');
      // At go-live the manager registers the contract on the resources they checked (the household's figures).
      const contractSchedule = fits ? schedule : week([1, 2, 3, 4, 5], '08:00', '17:00');
      await contracts.create(admin, crecheId, {
        childId: child.id,
        feeInputs: {
          ...(family.monthlyResources === null ? {} : { monthlyResources: family.monthlyResources }),
          dependentChildren: family.dependentChildren,
          aeehChildren: family.aeehChildren,
        },
        startDate: CONTRACTS_FROM,
        endDate: '2027-08-31',
        schedule: contractSchedule,
        leavePeriods: [{ from: '2027-07-26', to: '2027-08-13' }],
      });
      inCare.push({
        crecheId,
        childId: child.id,
        schedule: contractSchedule,
        manager: { id: crecheId === micro.id ? m1.id : m2.id, role: 'MANAGER' },
      });
      continue;
    }
    const collectiveFits = schedule.every((s) => s.weekday <= 5 && s.from >= '07:00' && s.to <= '19:00');
    // Families on atypical hours accept the collective crèche as a fallback on a standard day there (its own schedule).
    const standardDays = [...new Set(schedule.filter((s) => s.weekday <= 5).map((s) => s.weekday))];
    // The waitlist the territory kept before Berceau came in with each application's first submission (September 2025
    // to November 2026): its months of waiting count in the score, and the dashboard's waits are months, not 0 days.
    const submittedAt = new Date(Date.UTC(2025, 8, 15 + ((i * 53) % 420), 9));
    await applications.create(
      actor,
      {
        childId: child.id,
        desiredStartDate: i % 2 ? '2027-09-01' : '2027-01-04',
        schedule,
        preferences: collectiveFits
          ? (i % 2 ? [micro.id, collective.id] : [collective.id, micro.id]).map((crecheId) => ({ crecheId }))
          : [{ crecheId: micro.id }, { crecheId: collective.id, schedule: week(standardDays, '08:00', '17:00') }],
        leaveWeeksPerYear: 5,
        // Shift workers at the industrial zone: some of those on atypical hours work public holidays too.
        publicHolidayCare: !collectiveFits && i % 3 === 0,
      },
      { submittedAt },
    );
  }
  await seedAttendance(app, inCare);
}

/** The demo's contracts start here; their children's days are kept from then to the end of November 2026. */
const CONTRACTS_FROM = '2026-09-01';
const ATTENDANCE_UNTIL = '2026-11-30';

interface InCare {
  readonly crecheId: string;
  readonly childId: string;
  readonly schedule: readonly { weekday: number; from: string; to: string }[];
  readonly manager: AuthUser;
}

/**
 * The days the children under contract came, from their start to the end of November (before today only), as the
 * crèche's director entered them afterwards from the paper register: so the Caf activity report and the invoices of
 * September to November compare hours billed with hours attended, as in a crèche that has been running. Arrivals a
 * little after the contract's hours start, departures a little before they end (up to ten minutes), now and then
 * twenty minutes after (extra hours on the invoice); about one day in forty away without a reason the invoice
 * deducts, and for one child in three a week of illness in October, with a medical certificate for half of them
 * (deducted from its fourth day). None on a public holiday. Deterministic: the same demo every time.
 */
async function seedAttendance(app: INestApplicationContext, inCare: readonly InCare[]): Promise<void> {
  const attendance = app.get(AttendanceService);
  const today = todayOf(app.get<Clock>(CLOCK));
  const until = ATTENDANCE_UNTIL < today ? dayOf(ATTENDANCE_UNTIL) : dayOf(today) - 1;
  const holidays = app.get(HolidayCalendar).between(dayOf(CONTRACTS_FROM), until);
  const shifted = (time: string, minutes: number) => hhmmOf(minuteOf(time) + minutes);
  const absences = app.get(AbsencesService);
  const ill = new Map<number, { from: number; to: number }>();
  for (const [n, c] of inCare.entries()) {
    const from = dayOf('2026-10-05') + 2 * n;
    if (n % 3 !== 1 || from + 4 > until) continue;
    ill.set(n, { from, to: from + 4 });
    await absences.record(c.manager, c.crecheId, {
      childId: c.childId,
      reason: 'ILLNESS',
      from: isoOf(from),
      to: isoOf(from + 4),
      certified: n % 2 === 1,
    });
  }
  for (let day = dayOf(CONTRACTS_FROM); day <= until; day += 1) {
    if (holidays.has(day)) continue;
    const date = isoOf(day);
    for (const [n, c] of inCare.entries()) {
      const slot = c.schedule.find((s) => s.weekday === weekdayOf(day));
      const spell = ill.get(n);
      if (!slot || (spell && day >= spell.from && day <= spell.to)) continue;
      const seed = (day * 7 + n * 13) % 97;
      if (seed % 40 === 5) {
        await absences.record(c.manager, c.crecheId, { childId: c.childId, reason: 'UNEXCUSED', from: date, to: date });
        continue;
      }
      await attendance.checkIn(c.manager, c.crecheId, c.childId, { date, time: shifted(slot.from, (seed % 3) * 5) });
      const late = seed % 25 === 3 && slot.to <= '18:30';
      await attendance.checkOut(c.manager, c.crecheId, c.childId, {
        date,
        time: shifted(slot.to, late ? 20 : -((seed >> 2) % 3) * 5),
      });
    }
  }
}

/** One per demo household, so that managers tell families apart on the waitlist and the invoices. */
const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Thomas',
  'Petit',
  'Robert',
  'Richard',
  'Durand',
  'Dubois',
  'Moreau',
  'Laurent',
  'Simon',
  'Michel',
  'Lefèvre',
  'Leroy',
  'Roux',
  'David',
  'Bertrand',
  'Morel',
  'Fournier',
  'Girard',
  'Bonnet',
  'Dupont',
  'Lambert',
  'Fontaine',
  'Rousseau',
  'Vincent',
  'Muller',
  'Lefebvre',
  'Faure',
  'André',
  'Mercier',
  'Blanc',
  'Guérin',
  'Boyer',
  'Garnier',
  'Chevalier',
  'François',
  'Legrand',
  'Gauthier',
  'Garcia',
];

const FIRST_NAMES = [
  'Camille',
  'Léa',
  'Mehdi',
  'Sarah',
  'Thomas',
  'Inès',
  'Kevin',
  'Aurélie',
  'Nicolas',
  'Fatou',
  'Julie',
  'Yanis',
];
const CHILD_NAMES = [
  'Lou',
  'Jade',
  'Noé',
  'Lina',
  'Malo',
  'Rose',
  'Adam',
  'Louise',
  'Sacha',
  'Mila',
  'Nino',
  'Anna',
  'Gabin',
];
