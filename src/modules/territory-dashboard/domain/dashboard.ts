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
import { nearestRank, secret, SecretReason, SECRECY_THRESHOLD, Shown, shown, suppressColumn } from './secrecy';

/** Everything the dashboard is computed from, as plain data (the read model gathers it). */
export interface DashboardInput {
  readonly communes: readonly { readonly inseeCode: string; readonly name: string }[];
  readonly atypicalHours: AtypicalHours;
  /** Public holidays of the coming twelve months (the PUBLIC_HOLIDAY slot is counted over them). */
  readonly publicHolidays: readonly Day[];
  readonly creches: readonly { readonly communeInseeCode: string; readonly rules: CompiledRules }[];
  /** Active applications (waiting or offered) for a crèche of the territory: the household's commune, the schedule. */
  readonly demand: readonly { readonly communeInseeCode: string | null; readonly schedule: readonly TimeSlot[] }[];
  /** Applications whose first offer came in the last twelve months: days from the application to that offer. */
  readonly waits: readonly {
    readonly communeInseeCode: string | null;
    readonly schedule: readonly TimeSlot[];
    readonly waitDays: number;
  }[];
}

export interface DashboardCell {
  readonly slot: AtypicalSlot;
  readonly period: SlotPeriod;
  readonly activeApplications: Shown<number>;
  /** Hours requested in the slot by those applications (per week, or per year for public holidays), 2 decimals. */
  readonly hoursRequested: Shown<number>;
  /** Place-hours the crèches located in the commune offer in the slot, same period; not personal: always shown. */
  readonly placeHoursOffered: number;
  /** min(100, offered ÷ requested × 100), 2 decimals; secret with the count it derives from. */
  readonly shareServedPercent: Shown<number>;
  /** Days from application to first offer, over the offers of the last twelve months (secret under 5 offers). */
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
 * nothing back (see secrecy.ts).
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
  const raw = rows.map((row) =>
    slots.map((slot): RawCell => {
      const requested = input.demand
        .filter((d) => key(d.communeInseeCode) === row.inseeCode)
        .map((d) => requestedMinutes(def, slot, d.schedule, input.publicHolidays))
        .filter((m) => m > 0);
      return {
        count: requested.length,
        minutes: requested.reduce((a, b) => a + b, 0),
        offered: input.creches
          .filter((c) => row.inseeCode !== null && c.communeInseeCode === row.inseeCode)
          .reduce((sum, c) => sum + offeredPlaceMinutes(def, slot, c.rules, input.publicHolidays), 0),
        waits: input.waits
          .filter((w) => key(w.communeInseeCode) === row.inseeCode)
          .filter((w) => requestedMinutes(def, slot, w.schedule, input.publicHolidays) > 0)
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
  return {
    slot,
    period: SLOT_PERIOD[slot],
    activeApplications: hidden ? secret(hidden) : shown(raw.count),
    hoursRequested: hidden ? secret(hidden) : shown(round2(raw.minutes / 60)),
    placeHoursOffered: round2(raw.offered / 60),
    shareServedPercent: hidden ? secret(hidden) : shown(round2(Math.min(100, (raw.offered / raw.minutes) * 100))),
    medianWaitDays: fewOffers ? secret('UNDER_THRESHOLD') : shown(nearestRank(raw.waits, 0.5)!),
    p80WaitDays: fewOffers ? secret('UNDER_THRESHOLD') : shown(nearestRank(raw.waits, 0.8)!),
  };
}
