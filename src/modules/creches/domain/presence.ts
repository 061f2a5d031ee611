import type { Day, Minute } from '../../../common/time/calendar';
import type { TimeSlot } from './creche-rules';

export const BOOKING_KINDS = ['OCCASIONAL', 'EMERGENCY'] as const;
export type BookingKind = (typeof BOOKING_KINDS)[number];

/** A regular contract: a weekly pattern between two dates (inclusive), not on closed days. */
export interface RegularPresence {
  readonly kind: 'REGULAR';
  readonly id: string;
  readonly start: Day;
  readonly end: Day;
  readonly slots: readonly TimeSlot[];
}

/** An occasional or emergency booking: one date, one time range. */
export interface BookingPresence {
  readonly kind: BookingKind;
  readonly id: string;
  readonly day: Day;
  readonly from: Minute;
  readonly to: Minute;
}

export type Presence = RegularPresence | BookingPresence;

export interface Interval {
  readonly from: Minute;
  readonly to: Minute;
}
