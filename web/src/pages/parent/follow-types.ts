/**
 * What the follow-up pages (Mes demandes, Mon offre) read from the API. The OpenAPI document does not describe these
 * answers yet (no response schema on the applications and allocation routes), so their shapes are written here, from
 * applications.controller.ts and allocation.controller.ts; once the document describes them, these types give way to
 * `components['schemas'][…]`.
 */
export interface Slot {
  readonly weekday: number;
  readonly from: string;
  readonly to: string;
}

export type ApplicationStatus = 'SUBMITTED' | 'OFFERED' | 'ACCEPTED' | 'WITHDRAWN' | 'LAPSED';
export type OfferStatus = 'OPEN' | 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'WITHDRAWN';

export interface Application {
  readonly id: string;
  readonly familyId: string;
  readonly childId: string;
  readonly status: ApplicationStatus;
  readonly desiredStartDate: string;
  readonly schedule: readonly Slot[];
  readonly leaveWeeksPerYear: number;
  readonly submittedAt: string;
  readonly lastConfirmedAt: string;
  readonly interestRequestedAt: string | null;
  /** Present while a request to confirm interest waits: the application lapses after it. */
  readonly interestDeadline?: string | null;
  readonly refusals: number;
}

export interface BreakdownLine {
  readonly criterion: string;
  readonly points: number;
  /** Proved to a manager, or needing no proof: counts in allocation. */
  readonly verified: boolean;
}

/** The application's standing at one of its crèches. */
export interface CrecheStanding {
  readonly crecheId: string;
  readonly crecheName: string;
  readonly preferencePosition: number;
  readonly rank: number | null;
  readonly outOf: number;
  readonly score: number | null;
  readonly verifiedScore?: number | null;
  readonly breakdown: readonly BreakdownLine[];
  readonly lastAdmittedScore: number | null;
  /** The schedule asked at this crèche when it differs from the application's (per-preference schedules). */
  readonly schedule?: readonly Slot[] | null;
  /** The estimated window for an offer at this crèche, and its basis in plain French; null when none can be given. */
  readonly estimate?: WaitEstimate | null;
}

export interface WaitEstimate {
  /** "≈ septembre 2027, entre juin et novembre" */
  readonly text: string;
  readonly basisText: string;
}

export interface ApplicationWithRanks extends Application {
  readonly creches: readonly CrecheStanding[];
}

export interface Offer {
  readonly id: string;
  readonly roundId: string;
  readonly applicationId: string;
  readonly familyId: string;
  readonly childId: string;
  readonly crecheId: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly schedule: readonly Slot[];
  readonly score: number;
  readonly status: OfferStatus;
  readonly deadline: string;
  readonly estimatedHourlyRate: string | null;
  readonly estimatedMonthlyFee: string | null;
  readonly answeredAt: string | null;
  readonly contractId: string | null;
  readonly withdrawalReason: string | null;
  /** GET /api/offers/:id only: each step of the estimate's computation. */
  readonly feeTrace?: readonly unknown[] | null;
}

export interface Child {
  readonly id: string;
  readonly firstName: string;
}

export interface Creche {
  readonly id: string;
  readonly name: string;
  readonly commune: { readonly inseeCode: string; readonly name: string };
}
