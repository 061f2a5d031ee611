import { performance } from 'node:perf_hooks';
import { addMonths, Day, isoOf } from '../../src/common/time/calendar';
import { DemoHistory, pointsAt, simulateDemoHistory } from '../../src/demo/demo-history';
import { DAYS_PER_MONTH, estimateWait, schedulesCompete } from '../../src/modules/waitlist/domain/wait-estimate';
import { fmt, median, percentile } from './support/bench-env';

/**
 * Back-test of the estimated wait (issue #17) on the demo territory's simulated history (src/demo/demo-history.ts):
 * on the first day of each month of the last three years, every waiting application is estimated from what was
 * known that day (its rank among competing schedules, the planned releases of the children in care, the admissions
 * of the last 12 months) and compared with the day its first offer came. Applications never offered before the end
 * of the history (withdrawn, still waiting) are left out and counted.
 */
/** The share of leavers that left without an offer (withdrawn before any). */
function share(leavers: readonly DemoHistory['applications'][number][], cut: Day): number {
  if (!leavers.length) return 0;
  return leavers.filter((o) => o.firstOffer === null || o.firstOffer > cut).length / leavers.length;
}

function backTest(h: DemoHistory) {
  const errors: number[] = [];
  let inWindow = 0;
  let noEstimate = 0;
  let censored = 0;
  const month = (d: Day) => isoOf(d).slice(0, 7);
  for (let cut = addMonths(h.to, -48); cut <= addMonths(h.to, -12); cut = addMonths(cut, 1)) {
    for (const ci of h.creches.keys()) {
      const waiting = h.applications.filter(
        (a) =>
          a.crecheIndex === ci &&
          a.arrived <= cut &&
          (a.firstOffer === null || a.firstOffer > cut) &&
          (a.withdrawn === null || a.withdrawn > cut),
      );
      const inCare = h.contracts.filter((k) => k.crecheIndex === ci && k.start <= cut && k.left > cut);
      const admitted = h.contracts.filter(
        (k) => k.crecheIndex === ci && k.start > addMonths(cut, -12) && k.start <= cut && k.start > h.from,
      );
      const since = addMonths(cut, -12);
      // Those that left the list in the last 12 months: offered, or withdrawn first.
      const leavers = h.applications.filter((o) => {
        if (o.crecheIndex !== ci) return false;
        const offered = o.firstOffer !== null && o.firstOffer > since && o.firstOffer <= cut;
        const withdrawn =
          o.withdrawn !== null &&
          o.withdrawn > since &&
          o.withdrawn <= cut &&
          !(o.firstOffer !== null && o.firstOffer <= o.withdrawn);
        return offered || withdrawn;
      });
      for (const a of waiting) {
        if (a.firstOffer === null) {
          censored += 1;
          continue;
        }
        const mine = pointsAt(a, cut);
        const competitorsAhead = waiting.filter(
          (o) =>
            o !== a &&
            schedulesCompete(a.schedule, o.schedule) &&
            (pointsAt(o, cut) > mine || (pointsAt(o, cut) === mine && o.arrived < a.arrived)),
        ).length;
        const e = estimateWait({
          asOf: cut,
          competitorsAhead,
          // What the contracts say: the planned end (early moves are not known in advance).
          releases: inCare.filter((k) => schedulesCompete(a.schedule, k.schedule)).map((k) => k.plannedEnd + 1),
          admissionsLast12Months: admitted.filter((k) => schedulesCompete(a.schedule, k.schedule)).length,
          leftWithoutOfferShare: share(
            leavers.filter((o) => schedulesCompete(a.schedule, o.schedule)),
            cut,
          ),
        });
        if (!e) {
          noEstimate += 1;
          continue;
        }
        errors.push(Math.abs(e.expected - a.firstOffer) / DAYS_PER_MONTH);
        if (month(a.firstOffer) >= month(e.earliest) && month(a.firstOffer) <= month(e.latest)) inWindow += 1;
      }
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
    `demo history: ${history.applications.length} applications, ${offered} offered, ${history.contracts.length} contracts, ${isoOf(history.from)} → ${isoOf(history.to)} (simulated in ${fmt(t1 - t0, 0)} ms)`,
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
