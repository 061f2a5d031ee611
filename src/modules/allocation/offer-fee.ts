import type { EntityManager } from 'typeorm';
import { attendanceOf } from '../fees/domain/attendance';
import { computeFromSnapshot } from '../fees/contract-fees.service';
import type { FeeScaleVersion } from '../fees/domain/fee-scale';
import type { CrecheEntity } from '../creches/entities/creche.entity';

/** The monthly fee the family would pay for the offered place, from its declared situation (an estimate). */
export async function estimateOfferFee(
  em: EntityManager,
  input: { familyId: string; creche: CrecheEntity; startDate: string; schedule: { weekday: number; from: string; to: string }[]; leaveWeeksPerYear: number; scales: readonly FeeScaleVersion[] },
): Promise<{ hourlyRate: string; monthlyFee: string; trace: unknown[] } | null> {
  const [family]: { monthly_resources: string | null; dependent_children: number; aeeh_children: number }[] = await em.query(
    `SELECT monthly_resources, dependent_children, aeeh_children FROM families WHERE id = $1`,
    [input.familyId],
  );
  const attendance = attendanceOf({
    schedule: input.schedule,
    leaveWeeksPerYear: input.leaveWeeksPerYear,
    closures: input.creche.closures,
    openWeekdays: new Set(input.creche.openingHours.map((o) => o.weekday)),
    from: input.startDate,
  });
  try {
    const r = computeFromSnapshot(
      {
        date: input.startDate,
        careType: input.creche.kind,
        monthlyResources: family.monthly_resources,
        dependentChildren: family.dependent_children,
        aeehChildren: family.aeeh_children,
        asePlacement: false,
        ceilingOverride: input.creche.resourcesCeilingOverride,
        ...attendance,
        leaveWeeksPerYear: input.leaveWeeksPerYear,
      },
      input.scales,
    );
    return { hourlyRate: r.hourly.hourlyRate, monthlyFee: r.monthly.monthlyFee, trace: r.trace as unknown[] };
  } catch {
    return null; // no scale in force on that date: the offer says the fee will be computed at acceptance
  }
}
