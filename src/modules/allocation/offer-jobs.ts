import type { AppConfig } from '../../config/app-config';
import type { QueueProducer } from '../../common/queue/queue.producer';
import type { Clock } from '../../common/time/clock';

/** The reminder goes out 48 hours (two offer "days") before the deadline. */
export function reminderLeadMs(config: AppConfig): number {
  return 2 * config.offerDayMs;
}

/**
 * Delayed jobs for an offer's reminder and expiry. Best effort: the offers sweep catches any that are lost, and each
 * job re-checks the row's state and the time when it runs.
 */
export async function scheduleOfferJobs(
  producer: QueueProducer,
  clock: Clock,
  config: AppConfig,
  offer: { id: string; deadline: Date },
): Promise<void> {
  const now = clock.now().getTime();
  const deadline = offer.deadline.getTime();
  await producer.addBestEffort(
    'offer.remind',
    { offerId: offer.id },
    { delayMs: Math.max(0, deadline - reminderLeadMs(config) - now) },
  );
  await producer.addBestEffort('offer.expire', { offerId: offer.id }, { delayMs: Math.max(0, deadline - now) });
}
