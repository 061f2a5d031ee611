import type { JobsOptions } from 'bullmq';

/** Queues Berceau uses; one processor per queue. */
export const QUEUE_NAMES = ['notices', 'fees', 'applications', 'offers'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Job name → payload. Payloads carry ids only, never personal data: the worker reloads the row. */
export interface JobPayloads {
  'notice.send': { noticeId: string };
  'notice.sweep': Record<string, never>;
  /** Daily: new scale versions reach running contracts; pending input changes are computed. */
  'fees.apply-scales': Record<string, never>;
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
}
export type JobName = keyof JobPayloads;

export interface JobSpec<N extends JobName> {
  readonly queue: QueueName;
  /** Deterministic id (no ':' and not integer-like: BullMQ rejects both), so a duplicate add is dropped. */
  readonly jobId?: (payload: JobPayloads[N]) => string;
  readonly options: JobsOptions;
}

const backoff = { type: 'exponential', delay: 2_000 } as const;

export const JOB_CATALOGUE: { readonly [N in JobName]: JobSpec<N> } = {
  'notice.send': {
    queue: 'notices',
    jobId: (p) => `notice-send-${p.noticeId}`,
    // Completed and failed jobs are removed so that the sweep can enqueue the same id again if the row says so.
    options: { attempts: 8, backoff, removeOnComplete: true, removeOnFail: true },
  },
  'notice.sweep': { queue: 'notices', options: { removeOnComplete: true, removeOnFail: 50 } },
  'fees.apply-scales': { queue: 'fees', options: { attempts: 3, backoff, removeOnComplete: true, removeOnFail: 50 } },
  'privacy.retention': { queue: 'applications', options: { attempts: 3, backoff, removeOnComplete: true, removeOnFail: 50 } },
  'applications.keep-alive': { queue: 'applications', options: { attempts: 3, backoff, removeOnComplete: true, removeOnFail: 50 } },
  'offer.remind': { queue: 'offers', jobId: (p) => `offer-remind-${p.offerId}`, options: { attempts: 5, backoff, removeOnComplete: true, removeOnFail: true } },
  'offer.expire': { queue: 'offers', jobId: (p) => `offer-expire-${p.offerId}`, options: { attempts: 5, backoff, removeOnComplete: true, removeOnFail: true } },
  'offers.sweep': { queue: 'offers', options: { removeOnComplete: true, removeOnFail: 50 } },
  'fees.recompute-contract': {
    queue: 'fees',
    jobId: (p) => `fees-recompute-${p.contractId}-v${p.version}`,
    options: { attempts: 5, backoff, removeOnComplete: true, removeOnFail: true },
  },
};
