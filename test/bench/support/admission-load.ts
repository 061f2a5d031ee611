import autocannon from 'autocannon';
import { median, percentile } from './bench-env';

/**
 * The load generator of the HTTP admission benchmark, in its own process so that it does not share the API's
 * event loop. Receives its plan over IPC, answers with autocannon's figures.
 */
export interface AdmissionLoadPlan {
  base: string;
  token: string;
  crecheIds: string[];
  childIds: string[];
  connections: number;
  durationSeconds: number;
}

export interface AdmissionLoadResult {
  total: number;
  perSecond: number;
  statuses: Record<string, number>;
  /** Median latency per HTTP status, in ms. */
  medians: Record<string, number>;
  /** Over every answer, whatever its status. */
  p50: number;
  p99: number;
  /** CPU time of this load generator over the run, in ms. */
  cpuMs: number;
}

async function run(plan: AdmissionLoadPlan): Promise<AdmissionLoadResult> {
  const cpuBefore = process.cpuUsage();
  let n = 0;
  const byStatus: Record<string, number[]> = {};
  const instance = autocannon({
    url: plan.base,
    connections: plan.connections,
    duration: plan.durationSeconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${plan.token}` },
        setupRequest: (req) => {
          const i = n++;
          const from = 6 + (i % 12);
          const date = `2027-${String(1 + (i % 11)).padStart(2, '0')}-${String(1 + ((i * 7) % 28)).padStart(2, '0')}`;
          return {
            ...req,
            path: `/api/creches/${plan.crecheIds[i % plan.crecheIds.length]}/bookings`,
            body: JSON.stringify({
              childId: plan.childIds[i % plan.childIds.length],
              date,
              from: `${String(from).padStart(2, '0')}:00`,
              to: `${String(from + 2).padStart(2, '0')}:00`,
              kind: i % 10 === 0 ? 'EMERGENCY' : 'OCCASIONAL',
            }),
          };
        },
      },
    ],
  });
  // autocannon's own latency figures count 2xx answers only; a 409 is an answer of the admission path too.
  (instance as unknown as NodeJS.EventEmitter).on(
    'response',
    (_client: unknown, status: number, _bytes: number, ms: number) => {
      (byStatus[status] ??= []).push(ms);
    },
  );
  const result = await instance;
  const all = Object.values(byStatus).flat();
  return {
    total: result.requests.total,
    perSecond: result.requests.average,
    statuses: Object.fromEntries(Object.entries(byStatus).map(([status, ms]) => [status, ms.length])),
    medians: Object.fromEntries(Object.entries(byStatus).map(([status, ms]) => [status, round1(median(ms))])),
    p50: round1(median(all)),
    p99: round1(percentile(all, 99)),
    cpuMs: (process.cpuUsage(cpuBefore).user + process.cpuUsage(cpuBefore).system) / 1000,
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

process.once('message', (plan: AdmissionLoadPlan) => {
  run(plan).then(
    (result) => process.send!(result, () => process.exit(0)),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
});
