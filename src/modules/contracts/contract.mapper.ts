import Decimal from 'decimal.js';
import { hhmmOf, minuteOf } from '../../common/time/calendar';
import type { BookingResponseDto, ContractResponseDto } from './dto/contract.dto';
import type { BookingEntity } from './entities/booking.entity';
import type { ContractEntity } from './entities/contract.entity';
import type { ContractFeeView } from './contracts.service';
import type { FeeComputationEntity } from '../fees/entities/fee-computation.entity';
import { monthlyHoursFraction } from '../fees/domain/mensualisation';

/** Weekly hours of a schedule as a decimal string, rounded half-up to two decimals. */
export function hoursPerWeek(schedule: readonly { from: string; to: string }[]): string {
  const minutes = schedule.reduce((sum, s) => sum + minuteOf(s.to) - minuteOf(s.from), 0);
  return new Decimal(minutes).div(60).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

const feeOf = (fee: FeeComputationEntity | null) =>
  fee && {
    computationId: fee.id,
    effectiveFrom: fee.effectiveFrom,
    hourlyRate: fee.hourlyRate,
    monthlyHours: fee.monthlyHours,
    monthlyFee: fee.monthlyFee,
    trace: fee.trace as unknown[],
  };

export function toContractResponse(c: ContractEntity, view?: ContractFeeView): ContractResponseDto {
  return {
    ...(view !== undefined && { fee: feeOf(view.fee) }),
    ...(view?.upcoming && { upcomingFees: view.upcoming.map((f) => feeOf(f)!) }),
    ...(view?.feeShares && {
      feeShares: view.feeShares.map((s) => ({
        familyId: s.familyId,
        hoursPercent: s.hoursPercent,
        fee: feeOf(s.fee),
        ...(s.upcoming && { upcomingFees: s.upcoming.map((f) => feeOf(f)!) }),
      })),
    }),
    id: c.id,
    crecheId: c.crecheId,
    childId: c.childId,
    startDate: c.startDate,
    endDate: c.endDate,
    schedule: c.schedule,
    leavePeriods: c.leavePeriods,
    ...(c.leaveWeeksPerYear > 0 && { leaveWeeksPerYear: c.leaveWeeksPerYear }),
    reservedHours: c.mensualisation && {
      reservedHours: new Decimal(c.mensualisation.reservedMinutes).div(60).toString(),
      months: c.mensualisation.months,
      monthlyHours: new Decimal(c.mensualisation.reservedMinutes)
        .div(60 * c.mensualisation.months)
        .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
        .toFixed(2),
      monthlyHoursExact: monthlyHoursFraction(c.mensualisation),
    },
    hoursPerWeek: hoursPerWeek(c.schedule),
    createdAt: c.createdAt.toISOString(),
  };
}

export function toBookingResponse(b: BookingEntity): BookingResponseDto {
  return {
    id: b.id,
    crecheId: b.crecheId,
    childId: b.childId,
    date: b.date,
    from: hhmmOf(b.fromMinute),
    to: hhmmOf(b.toMinute),
    kind: b.kind,
    cancelledAt: b.cancelledAt?.toISOString() ?? null,
    fee:
      b.amount === null
        ? null
        : {
            hourlyRate: b.hourlyRate!,
            billedHours: new Decimal(b.billedMinutes!).div(60).toFixed(2),
            amount: b.amount,
            trace: b.feeTrace ?? [],
          },
  };
}
