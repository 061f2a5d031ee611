import { atypicalHoursOf } from '../territories/territories.service';
import type { TerritoryEntity } from '../territories/entities/territory.entity';
import { atypicalRanges } from './domain/atypical-ranges';
import type { CrecheResponseDto } from './dto/creche.dto';
import type { CrecheEntity } from './entities/creche.entity';

export function toCrecheResponse(c: CrecheEntity, territory: TerritoryEntity): CrecheResponseDto {
  const def = atypicalHoursOf(territory.atypicalHours);
  return {
    id: c.id,
    territoryId: c.territoryId,
    name: c.name,
    commune: {
      inseeCode: c.communeInseeCode,
      name: territory.communes.find((x) => x.inseeCode === c.communeInseeCode)?.name ?? c.communeInseeCode,
    },
    kind: c.kind,
    places: c.places,
    surnombre: c.surnombre,
    openingHours: [...c.openingHours]
      .sort((a, b) => a.weekday - b.weekday || a.opens.localeCompare(b.opens))
      .map((o) => ({ ...o, atypical: atypicalRanges(def, o.weekday, o.opens, o.closes) })),
    capacityBands: c.capacityBands,
    closures: c.closures,
    opensOnPublicHolidays: c.opensOnPublicHolidays,
    minAgeMonths: c.minAgeMonths,
    maxAgeMonths: c.maxAgeMonths,
    offerResponseDays: c.offerResponseDays,
    reservedInsertionPlaces: c.reservedInsertionPlaces,
    resourcesCeilingOverride: c.resourcesCeilingOverride,
    maxLeaveWeeksPerYear: c.maxLeaveWeeksPerYear,
    billingUnitMinutes: c.billingUnitMinutes,
    emergencyRate: c.emergencyRate,
    emergencyHourlyRate: c.emergencyHourlyRate,
    cafNumber: c.cafNumber,
    afcFileNumber: c.afcFileNumber,
    paymentDueDays: c.paymentDueDays,
    paymentTerms: c.paymentTerms,
  };
}
