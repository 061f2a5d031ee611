import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/db/rows';

/**
 * What the e-mails about an offer or an application say, read when the e-mail is sent from the references the
 * notice stores. Joins offers or applications with children, crèches and fee computations. Read-only.
 */
export const NoticeFactsReadModel = {
  async offer(em: EntityManager, offerId: string) {
    const [o] = await selectRows<{
      firstName: string;
      name: string;
      start: string;
      end: string;
      schedule: { weekday: number; from: string; to: string }[];
      deadline: Date;
      estimatedHourlyRate: string | null;
      estimatedMonthlyFee: string | null;
      feeTrace: unknown[] | null;
      contractId: string | null;
      withdrawalReason: string | null;
      declineReason: string | null;
    }>(
      em,
      `SELECT ch.first_name, c.name, to_char(o.start_date, 'DD/MM/YYYY') AS start, to_char(o.end_date, 'DD/MM/YYYY') AS end, o.schedule, o.deadline,
              o.estimated_hourly_rate, o.estimated_monthly_fee, o.fee_trace, o.contract_id, o.withdrawal_reason,
              o.decline_reason
         FROM offers o JOIN children ch ON ch.id = o.child_id JOIN creches c ON c.id = o.creche_id WHERE o.id = $1`,
      [offerId],
    );
    const [fee] = o.contractId
      ? await selectRows<{ hourlyRate: string; monthlyFee: string; monthlyHours: string; trace: unknown[] }>(
          em,
          `SELECT hourly_rate, monthly_fee, monthly_hours, trace FROM fee_computations WHERE contract_id = $1 ORDER BY effective_from, created_at DESC LIMIT 1`,
          [o.contractId],
        )
      : [];
    return { ...o, contractFee: fee ?? null };
  },

  async application(em: EntityManager, applicationId: string) {
    const [a] = await selectRows<{
      firstName: string;
      start: string;
      schedule: { weekday: number; from: string; to: string }[];
    }>(
      em,
      `SELECT ch.first_name, to_char(a.desired_start_date, 'DD/MM/YYYY') AS start, a.schedule
         FROM applications a JOIN children ch ON ch.id = a.child_id WHERE a.id = $1`,
      [applicationId],
    );
    const creches = await selectRows<{ name: string; schedule: { weekday: number; from: string; to: string }[] }>(
      em,
      `SELECT c.name, p.schedule FROM application_preferences p JOIN creches c ON c.id = p.creche_id WHERE p.application_id = $1 ORDER BY p.rank`,
      [applicationId],
    );
    return { ...a, creches: creches.map((c) => c.name), schedules: creches.map((c) => c.schedule) };
  },
};
