import autocannon from 'autocannon';

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
  p50: number;
  p99: number;
  /** CPU time of this load generator over the run, in ms. */
  cpuMs: number;
}

async function run(plan: AdmissionLoadPlan): Promise<AdmissionLoadResult> {
  const cpuBefore = process.cpuUsage();
  let n = 0;
  const statuses: Record<string, number> = {};
  const result = await autocannon({
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
            path: `/creches/${plan.crecheIds[i % plan.crecheIds.length]}/bookings`,
            body: JSON.stringify({
              childId: plan.childIds[i % plan.childIds.length],
              date,
              from: `${String(from).padStart(2, '0')}:00`,
              to: `${String(from + 2).padStart(2, '0')}:00`,
              kind: i % 10 === 0 ? 'EMERGENCY' : 'OCCASIONAL',
            }),
          };
        },
        onResponse: (status) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
        },
      },
    ],
  });
  return { total: result.requests.total, perSecond: result.requests.average, statuses, p50: result.latency.p50, p99: result.latency.p99, cpuMs: (process.cpuUsage(cpuBefore).user + process.cpuUsage(cpuBefore).system) / 1000 };
}

process.once('message', (plan: AdmissionLoadPlan) => {
  run(plan).then(
    (result) => process.send!(result, () => process.exit(0)),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
});
