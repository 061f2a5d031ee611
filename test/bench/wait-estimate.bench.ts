import { performance } from 'node:perf_hooks';
import { addMonths, Day, isoOf } from '../../src/common/time/calendar';
import { DemoHistory, pointsAt, simulateDemoHistory } from '../../src/demo/demo-history';
import { DAYS_PER_MONTH, estimateFromFacts } from '../../src/modules/waitlist/domain/wait-estimate';
import { fmt, median, percentile } from './support/bench-env';

/**
 * Back-test of the estimated wait (issue #17). The history is **simulated**: the demo territory's six years made up by
 * a seeded model (src/demo/demo-history.ts: its arrivals, withdrawals, early moves and offers are assumptions, not
 * observed data; the demo database itself holds no past). On the first day of each month of three years, every
 * waiting application is estimated by the shipped estimator — `estimateFromFacts`, the domain function the API's
 * WaitEstimateService calls — from the facts the API's read model (src/read-models/wait-estimate.read-model.ts)
 * would have read that day:
 * - the schedules of the waiting applications ranked ahead (points, then arrival, as the waitlist ranks them);
 * - the contracts signed by then whose written end is on or after that day (the planned end: an early move is not
 *   known in advance), with the child's birth and the crèche's age limit (`releaseDay` applies, as in the API);
 * - the contracts that started in the twelve months up to that day;
 * - the applications that left the list in the twelve months before: offered by the crèche, or withdrawn before any
 *   offer.
 * Each estimate is compared with the day the first offer came. Applications never offered before the end of the
 * history (withdrawn, still waiting) are left out and counted.
 */
function backTest(h: DemoHistory) {
  const errors: number[] = [];
  let inWindow = 0;
  let noEstimate = 0;
  let censored = 0;
  const month = (d: Day) => isoOf(d).slice(0, 7);
  for (let cut = addMonths(h.to, -48); cut <= addMonths(h.to, -12); cut = addMonths(cut, 1)) {
    const since = addMonths(cut, -12);
    for (const [ci, creche] of h.creches.entries()) {
      // The waiting list that day, ranked: most points first, then the earlier arrival.
      const waiting = h.applications
        .filter(
          (a) =>
            a.crecheIndex === ci &&
            a.arrived <= cut &&
            (a.firstOffer === null || a.firstOffer > cut) &&
            (a.withdrawn === null || a.withdrawn > cut),
        )
        .sort((x, y) => pointsAt(y, cut) - pointsAt(x, cut) || x.arrived - y.arrived || x.id - y.id);
      // WaitEstimateReadModel.inCare: contracts (signed by then) whose end date is on or after the day.
      const inCare = h.contracts
        .filter((k) => k.crecheIndex === ci && k.signed <= cut && k.left > cut)
        .map((k) => ({
          schedule: k.schedule,
          endDate: k.plannedEnd,
          birth: k.birth,
          maxAgeMonths: creche.maxAgeMonths,
        }));
      // WaitEstimateReadModel.admissions: contracts that started from twelve months before to the day.
      const admissions = h.contracts
        .filter((k) => k.crecheIndex === ci && k.start >= since && k.start <= cut)
        .map((k) => k.schedule);
      // WaitEstimateReadModel.leavers: a first offer from the crèche since then, or closed without one since then.
      const leavers = h.applications.flatMap((o) => {
        if (o.crecheIndex !== ci) return [];
        const offered = o.firstOffer !== null && o.firstOffer >= since && o.firstOffer <= cut;
        const withdrawnFirst =
          o.withdrawn !== null &&
          o.withdrawn >= since &&
          o.withdrawn <= cut &&
          (o.firstOffer === null || o.firstOffer > o.withdrawn);
        return offered || withdrawnFirst ? [{ schedule: o.schedule, offered }] : [];
      });
      waiting.forEach((a, rank) => {
        if (a.firstOffer === null) {
          censored += 1;
          return;
        }
        const e = estimateFromFacts({
          asOf: cut,
          schedule: a.schedule,
          aheadSchedules: waiting.slice(0, rank).map((o) => o.schedule),
          inCare,
          admissions,
          leavers,
        });
        if (!e) {
          noEstimate += 1;
          return;
        }
        errors.push(Math.abs(e.expected - a.firstOffer) / DAYS_PER_MONTH);
        if (month(a.firstOffer) >= month(e.earliest) && month(a.firstOffer) <= month(e.latest)) inWindow += 1;
      });
    }
  }
  return { errors, inWindow, noEstimate, censored };
}

function main(): void {
  const t0 = performance.now();
  const history = simulateDemoHistory();
  const t1 = performance.now();
  const { errors, inWindow, noEstimate, censored } = backTest(history);
  const t2 = performance.now();
  const offered = history.applications.filter((a) => a.firstOffer !== null).length;
  console.log(
    `simulated demo history: ${history.applications.length} applications, ${offered} offered, ${history.contracts.length} contracts, ${isoOf(history.from)} → ${isoOf(history.to)} (simulated in ${fmt(t1 - t0, 0)} ms)`,
  );
  console.log(
    `wait estimate back-test: ${errors.length} estimates (monthly cuts over 3 years), ${noEstimate} without an estimate; ${censored} (application, month) pairs left out: never offered by the end of the history`,
  );
  console.log(
    `  absolute error, months: mean ${fmt(errors.reduce((a, b) => a + b, 0) / errors.length, 2)}, median ${fmt(median(errors), 2)}, p80 ${fmt(percentile(errors, 80), 2)}`,
  );
  console.log(
    `  offers inside the announced window: ${fmt((100 * inWindow) / errors.length, 1)} % (${fmt(t2 - t1, 0)} ms for the back-test)`,
  );
  if (!errors.length) process.exit(1);
}

main();
