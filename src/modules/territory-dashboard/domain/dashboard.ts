import type { Day } from '../../../common/time/calendar';
import type { CompiledRules, TimeSlot } from '../../creches/domain/creche-rules';
import type { AtypicalHours } from '../../territories/domain/atypical-hours';
import {
  AtypicalSlot,
  offeredPlaceMinutes,
  requestedMinutes,
  SLOT_PERIOD,
  SlotPeriod,
  slotsOf,
} from './atypical-slots';
import {
  nearestRank,
  roundToBase,
  secret,
  SecretReason,
  SECRECY_THRESHOLD,
  Shown,
  shown,
  suppressColumn,
} from './secrecy';

/** What an application asks: where the household lives, its week, and whether public holidays too. */
export interface Asked {
  readonly communeInseeCode: string | null;
  readonly schedule: readonly TimeSlot[];
  readonly publicHolidayCare?: boolean;
}

/** Everything the dashboard is computed from, as plain data (the read model gathers it). */
export interface DashboardInput {
  readonly communes: readonly { readonly inseeCode: string; readonly name: string }[];
  readonly atypicalHours: AtypicalHours;
  /** Public holidays of the coming twelve months (the PUBLIC_HOLIDAY slot is counted over them). */
  readonly publicHolidays: readonly Day[];
  readonly creches: readonly { readonly communeInseeCode: string; readonly rules: CompiledRules }[];
  /**
   * Active applications (waiting or offered) for a crèche of the territory: the household's commune, the schedule, and
   * whether it asks for care on public holidays too (absent: it does not; its weekdays' hours then ask for none).
   */
  readonly demand: readonly Asked[];
  /** Applications whose first offer came in the last twelve months: days from the application to that offer. */
  readonly waits: readonly (Asked & { readonly waitDays: number })[];
}

export interface DashboardCell {
  readonly slot: AtypicalSlot;
  readonly period: SlotPeriod;
  readonly activeApplications: Shown<number>;
  /**
   * Hours requested in the slot by those applications (per week, or per year for public holidays), rounded to
   * HOURS_BASE of the period so that two readings do not give one household's hours back.
   */
  readonly hoursRequested: Shown<number>;
  /** Place-hours the crèches located in the commune offer in the slot, same period; not personal: always shown. */
  readonly placeHoursOffered: number;
  /**
   * min(100, offered ÷ requested × 100) from the two published figures (rounded hours), whole percent; secret with
   * the count it derives from.
   */
  readonly shareServedPercent: Shown<number>;
  /**
   * Days from application to first offer, over the offers of the last twelve months, rounded to WAIT_BASE_DAYS (secret
   * under 5 offers).
   */
  readonly medianWaitDays: Shown<number>;
  readonly p80WaitDays: Shown<number>;
}

export interface DashboardRow {
  /** null: households living outside the territory's communes or with no commune declared. */
  readonly inseeCode: string | null;
  readonly name: string;
  readonly cells: readonly DashboardCell[];
}

export interface Dashboard {
  readonly slots: readonly { readonly slot: AtypicalSlot; readonly period: SlotPeriod }[];
  readonly communes: readonly DashboardRow[];
  /** The whole territory (every row above). */
  readonly territory: DashboardRow;
}

export const OUTSIDE_LABEL = 'Hors territoire ou commune inconnue';

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The base the published hours requested are rounded to, in hours (docs/rules.md R10.3). One household asks a few
 * hours a week in one slot (1 h 45 × 5 evenings = 8.75 h; a whole Saturday about 10 h): rounded to 10 h, the
 * difference of two readings, before and after it leaves, says no more than "between 0 and 20 h". Public holidays
 * are counted over the ~11 holidays of twelve months, a household's working day on each (~40–120 h): 100 h.
 */
export const HOURS_BASE: Record<SlotPeriod, number> = { WEEK: 10, YEAR: 100 };

/**
 * Waits are published to the nearest week (halves up): a nearest-rank percentile is one household's own wait, and its
 * exact day would tell which household it is to whoever knows when that household applied and was first offered.
 */
export const WAIT_BASE_DAYS = 7;

interface RawCell {
  count: number;
  minutes: number;
  offered: number;
  waits: number[];
}

/**
 * The CTG dashboard: per commune of residence (crèches: per commune where they stand) and per atypical slot, the
 * active applications that request time in the slot, the hours they request, the place-hours offered, the share of
 * the demand those places could serve, the median and 80th-percentile wait to a first offer. Counts under 5 and
 * everything derived from them are secret, with secondary secrecy on each column so the territory's total gives
 * nothing back (see secrecy.ts); hours requested are rounded (HOURS_BASE) so that two readings give back no one's, waits to the week.
 */
export function computeDashboard(input: DashboardInput): Dashboard {
  const slots = slotsOf(input.atypicalHours);
  const known = new Set(input.communes.map((c) => c.inseeCode));
  const key = (code: string | null) => (code !== null && known.has(code) ? code : null);
  const outsideUsed =
    input.demand.some((d) => key(d.communeInseeCode) === null) ||
    input.waits.some((w) => key(w.communeInseeCode) === null);
  const rows: { inseeCode: string | null; name: string }[] = [
    ...input.communes.map((c) => ({ inseeCode: c.inseeCode, name: c.name })),
    ...(outsideUsed ? [{ inseeCode: null, name: OUTSIDE_LABEL }] : []),
  ];
  const def = input.atypicalHours;
  // A weekly schedule asks for nothing on public holidays unless the family said so: most families are off work then.
  const holidaysAsked = (a: Asked) => (a.publicHolidayCare ? input.publicHolidays : []);
  const raw = rows.map((row) =>
    slots.map((slot): RawCell => {
      const requested = input.demand
        .filter((d) => key(d.communeInseeCode) === row.inseeCode)
        .map((d) => requestedMinutes(def, slot, d.schedule, holidaysAsked(d)))
        .filter((m) => m > 0);
      return {
        count: requested.length,
        minutes: requested.reduce((a, b) => a + b, 0),
        offered: input.creches
          .filter((c) => row.inseeCode !== null && c.communeInseeCode === row.inseeCode)
          .reduce((sum, c) => sum + offeredPlaceMinutes(def, slot, c.rules, input.publicHolidays), 0),
        waits: input.waits
          .filter((w) => key(w.communeInseeCode) === row.inseeCode)
          .filter((w) => requestedMinutes(def, slot, w.schedule, holidaysAsked(w)) > 0)
          .map((w) => w.waitDays),
      };
    }),
  );
  const hidden = slots.map((_, j) => suppressColumn(raw.map((r) => r[j].count)));
  const totals = slots.map((_, j) => ({
    count: raw.reduce((a, r) => a + r[j].count, 0),
    minutes: raw.reduce((a, r) => a + r[j].minutes, 0),
    offered: raw.reduce((a, r) => a + r[j].offered, 0),
    waits: raw.flatMap((r) => r[j].waits),
  }));
  return {
    slots: slots.map((slot) => ({ slot, period: SLOT_PERIOD[slot] })),
    communes: rows.map((row, i) => ({
      ...row,
      cells: slots.map((slot, j) => cellOf(slot, raw[i][j], hidden[j].cells[i])),
    })),
    territory: {
      inseeCode: null,
      name: 'Territoire',
      cells: slots.map((slot, j) => cellOf(slot, totals[j], hidden[j].total)),
    },
  };
}

function cellOf(slot: AtypicalSlot, raw: RawCell, hidden: SecretReason | null): DashboardCell {
  const fewOffers = raw.waits.length < SECRECY_THRESHOLD;
  // Rounded once, from the exact minutes (a total from its own exact sum, not from its rounded cells).
  const hours = roundToBase(raw.minutes, HOURS_BASE[SLOT_PERIOD[slot]] * 60) / 60;
  const offered = round2(raw.offered / 60);
  return {
    slot,
    period: SLOT_PERIOD[slot],
    activeApplications: hidden ? secret(hidden) : shown(raw.count),
    hoursRequested: hidden ? secret(hidden) : shown(hours),
    placeHoursOffered: offered,
    shareServedPercent: hidden ? secret(hidden) : shown(shareServed(offered, hours)),
    medianWaitDays: fewOffers ? secret('UNDER_THRESHOLD') : shown(publishedWait(raw.waits, 0.5)),
    p80WaitDays: fewOffers ? secret('UNDER_THRESHOLD') : shown(publishedWait(raw.waits, 0.8)),
  };
}

function publishedWait(waits: readonly number[], p: number): number {
  return roundToBase(nearestRank(waits, p)!, WAIT_BASE_DAYS);
}

/**
 * The share served, from the published figures only: computed from the exact hours it would give them back
 * (offered ÷ share), place-hours being exact. Hours that round to 0 (under half the base) with places offered count
 * as served (a commune offering under half the base as well is the one case this overstates).
 */
export function shareServed(placeHoursOffered: number, hoursRequested: number): number {
  if (hoursRequested === 0) return placeHoursOffered > 0 ? 100 : 0;
  return Math.min(100, Math.round((placeHoursOffered / hoursRequested) * 100));
}
