import { createHash } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import type { AppConfig } from '../../config/app-config';

/** Queues Berceau uses; one processor per queue. */
export const QUEUE_NAMES = ['notices', 'fees', 'applications', 'offers', 'privacy', 'families', 'billing'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Job name → payload. Payloads carry ids only, never personal data: the worker reloads the row. */
export interface JobPayloads {
  'notice.send': { noticeId: string };
  /** Notices claimed, rendered and sent together (what the outbox's dispatch and sweep enqueue). */
  'notice.send-batch': { noticeIds: string[] };
  'notice.sweep': Record<string, never>;
  /** Daily: new scale versions reach running contracts; pending input changes are computed. */
  'fees.apply-scales': Record<string, never>;
  /** A scale version created or changed already in force (dated today or back): it reaches the contracts now. */
  'fees.apply-scale': { scaleId: string };
  /** After a change of a contract's fee inputs (resources, children). */
  'fees.recompute-contract': { contractId: string; version: number };
  /** Daily: ask families to confirm their interest; lapse applications left unanswered 30 days. */
  'applications.keep-alive': Record<string, never>;
  /** Daily: applications untouched for 24 months lapse, households with nothing running are anonymised. */
  'privacy.retention': Record<string, never>;
  /** 48 h before an offer's deadline. */
  'offer.remind': { offerId: string };
  /** At an offer's deadline. */
  'offer.expire': { offerId: string };
  /** Every minute: reminders and expiries that a delayed job missed (Redis outage, crash). */
  'offers.sweep': Record<string, never>;
  /** Daily: draft allocation rounds older than DRAFT_ROUND_MAX_AGE_DAYS are deleted. */
  'rounds.clean-drafts': Record<string, never>;
  /** Each January: households with a running contract are asked to confirm their resources (once per year). */
  'families.confirm-resources': Record<string, never>;
  /** On the 1st: every crèche's previous month is invoiced (one invoice per household, never twice). */
  'billing.issue-previous-month': Record<string, never>;
  /** Each January: households that paid a crèche last year are told their certificate of childcare costs is ready. */
  'billing.announce-certificates': Record<string, never>;
}
export type JobName = keyof JobPayloads;
export const JOB_NAMES = [
  'notice.send',
  'notice.send-batch',
  'notice.sweep',
  'fees.apply-scales',
  'fees.apply-scale',
  'fees.recompute-contract',
  'applications.keep-alive',
  'privacy.retention',
  'offer.remind',
  'offer.expire',
  'offers.sweep',
  'rounds.clean-drafts',
  'families.confirm-resources',
  'billing.issue-previous-month',
  'billing.announce-certificates',
] as const satisfies readonly JobName[];
/** Compile-time: JOB_NAMES lists every job of JobPayloads. */
const _everyJobListed: Exclude<JobName, (typeof JOB_NAMES)[number]> extends never ? true : never = true;
void _everyJobListed;

/**
 * The jobs at a time of day run on the crèches' clock, whatever the server's time zone (a container's is UTC: « 06:00 »
 * was 07:00 or 08:00 in France, and the managers' e-mail said 6 h).
 */
const FRANCE = 'Europe/Paris';

/** When a repeatable job runs: a cron pattern or a period, and its scheduler id (stable, so an upsert replaces it). */
export interface JobSchedule {
  readonly schedulerId: string;
  readonly repeat: (config: AppConfig) => { pattern: string; tz: string } | { every: number };
}

export interface JobSpec<N extends JobName> {
  readonly queue: QueueName;
  /** Deterministic id (no ':' and not integer-like: BullMQ rejects both), so a duplicate add is dropped. */
  readonly jobId?: (payload: JobPayloads[N]) => string;
  /** Repeatable jobs: declared here, upserted by the worker host with the options below. */
  readonly schedule?: JobSchedule;
  readonly options: JobsOptions;
}

const backoff = { type: 'exponential', delay: 2_000 } as const;
/** Finished runs of a repeatable job: a few kept for inspection, bounded by count and age so Redis does not fill. */
const keepFewRuns = {
  removeOnComplete: { count: 20, age: 24 * 3600 },
  removeOnFail: { count: 50, age: 7 * 24 * 3600 },
} as const;

export const JOB_CATALOGUE: { readonly [N in JobName]: JobSpec<N> } = {
  'notice.send': {
    queue: 'notices',
    jobId: (p) => `notice-send-${p.noticeId}`,
    // Completed and failed jobs are removed so that the sweep can enqueue the same id again if the row says so.
    options: { attempts: 8, backoff, removeOnComplete: true, removeOnFail: true },
  },
  'notice.send-batch': {
    queue: 'notices',
    // The same notices twice (a sweep while a dispatch is queued) are one job; their claims make a rerun harmless.
    jobId: (p) => `notice-batch-${createHash('sha1').update(p.noticeIds.join(',')).digest('hex')}`,
    options: { attempts: 8, backoff, removeOnComplete: true, removeOnFail: true },
  },
  'notice.sweep': {
    queue: 'notices',
    schedule: { schedulerId: 'notice-sweep', repeat: (c) => ({ every: c.notices.sweepEveryMs }) },
    options: { ...keepFewRuns },
  },
  'fees.apply-scales': {
    queue: 'fees',
    // 02:30 every night; a new version on 1 January or 1 September is applied the night it takes effect.
    schedule: { schedulerId: 'fees-apply-scales', repeat: () => ({ pattern: '30 2 * * *', tz: FRANCE }) },
    options: { attempts: 3, backoff, ...keepFewRuns },
  },
  'fees.apply-scale': {
    queue: 'fees',
    options: { attempts: 5, backoff, removeOnComplete: true, removeOnFail: true },
  },
  'fees.recompute-contract': {
    queue: 'fees',
    jobId: (p) => `fees-recompute-${p.contractId}-v${p.version}`,
    options: { attempts: 5, backoff, removeOnComplete: true, removeOnFail: true },
  },
  'applications.keep-alive': {
    queue: 'applications',
    schedule: { schedulerId: 'applications-keep-alive', repeat: () => ({ pattern: '0 3 * * *', tz: FRANCE }) },
    options: { attempts: 3, backoff, ...keepFewRuns },
  },
  'privacy.retention': {
    queue: 'privacy',
    schedule: { schedulerId: 'privacy-retention', repeat: () => ({ pattern: '30 3 * * *', tz: FRANCE }) },
    options: { attempts: 3, backoff, ...keepFewRuns },
  },
  'offer.remind': {
    queue: 'offers',
    jobId: (p) => `offer-remind-${p.offerId}`,
    options: { attempts: 5, backoff, removeOnComplete: true, removeOnFail: true },
  },
  'offer.expire': {
    queue: 'offers',
    jobId: (p) => `offer-expire-${p.offerId}`,
    options: { attempts: 5, backoff, removeOnComplete: true, removeOnFail: true },
  },
  'offers.sweep': {
    queue: 'offers',
    schedule: { schedulerId: 'offers-sweep', repeat: () => ({ every: 60_000 }) },
    options: { ...keepFewRuns },
  },
  'rounds.clean-drafts': {
    queue: 'offers',
    schedule: { schedulerId: 'rounds-clean-drafts', repeat: () => ({ pattern: '45 3 * * *', tz: FRANCE }) },
    options: { attempts: 3, backoff, ...keepFewRuns },
  },
  'families.confirm-resources': {
    queue: 'families',
    // 2 January, 08:00: the new year's scale is in force (1 January) and the e-mail arrives on a working morning.
    schedule: { schedulerId: 'families-confirm-resources', repeat: () => ({ pattern: '0 8 2 1 *', tz: FRANCE }) },
    options: { attempts: 3, backoff, ...keepFewRuns },
  },
  'billing.issue-previous-month': {
    queue: 'billing',
    // 06:00 every day: on the 1st the previous month is over, and families find their invoice in the morning; the
    // other days issue only a crèche whose month the 1st missed (Redis emptied, a failure past the retries), R8.18.
    schedule: { schedulerId: 'billing-issue-previous-month', repeat: () => ({ pattern: '0 6 * * *', tz: FRANCE }) },
    // Retried over about two hours (1, 2, 4 … 64 minutes): a month whose fees are still being recomputed
    // (INVOICE.FEES_PENDING), or a database restarting, is issued that morning without a manager.
    options: { attempts: 8, backoff: { type: 'exponential', delay: 60_000 }, ...keepFewRuns },
  },
  'billing.announce-certificates': {
    queue: 'billing',
    // 15 January, 08:00: after December's invoices (the 1st) and the resources e-mail (the 2nd), on a working morning.
    schedule: { schedulerId: 'billing-announce-certificates', repeat: () => ({ pattern: '0 8 15 1 *', tz: FRANCE }) },
    options: { attempts: 3, backoff, ...keepFewRuns },
  },
};
