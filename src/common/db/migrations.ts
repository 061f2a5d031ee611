import { CreateFoundation1764190000000 } from '../../../migrations/1764190000000-CreateFoundation';
import { CreateCrechesAndPlanning1764200000000 } from '../../../migrations/1764200000000-CreateCrechesAndPlanning';
import { CreateFees1764210000000 } from '../../../migrations/1764210000000-CreateFees';
import { CreateFamiliesAndApplications1764220000000 } from '../../../migrations/1764220000000-CreateFamiliesAndApplications';
import { CreateAllocationAndOffers1764230000000 } from '../../../migrations/1764230000000-CreateAllocationAndOffers';
import { AddLookupIndexes1764240000000 } from '../../../migrations/1764240000000-AddLookupIndexes';
import { AddUserChangeNotifications1764250000000 } from '../../../migrations/1764250000000-AddUserChangeNotifications';
import { AddAdmissionFunctions1764260000000 } from '../../../migrations/1764260000000-AddAdmissionFunctions';
import { AddAppSecrets1764270000000 } from '../../../migrations/1764270000000-AddAppSecrets';
import { OpenOffersHoldPlaces1764280000000 } from '../../../migrations/1764280000000-OpenOffersHoldPlaces';
import { ContractsNeedFeeInputs1764290000000 } from '../../../migrations/1764290000000-ContractsNeedFeeInputs';
import { AddFamilyErasedAt1764300000000 } from '../../../migrations/1764300000000-AddFamilyErasedAt';
import { AddEmailVerification1764310000000 } from '../../../migrations/1764310000000-AddEmailVerification';
import { AddVerifiedClaims1764320000000 } from '../../../migrations/1764320000000-AddVerifiedClaims';
import { AddResourcesRefused1764330000000 } from '../../../migrations/1764330000000-AddResourcesRefused';
import { AddFeeDeclarations1764350000000 } from '../../../migrations/1764350000000-AddFeeDeclarations';
import { ScaleVerifiedNeedsCitation1764360000000 } from '../../../migrations/1764360000000-ScaleVerifiedNeedsCitation';
import { AlternatingResidenceShares1764370000000 } from '../../../migrations/1764370000000-AlternatingResidenceShares';
import { AddResourcesCheckedAt1764380000000 } from '../../../migrations/1764380000000-AddResourcesCheckedAt';
import { AddCoHouseholds1764390000000 } from '../../../migrations/1764390000000-AddCoHouseholds';
import { DeclarationPreviousSituation1764400000000 } from '../../../migrations/1764400000000-DeclarationPreviousSituation';
import { AddRefreshTokensAndPasswordResets1764500000000 } from '../../../migrations/1764500000000-AddRefreshTokensAndPasswordResets';
import { AddPreferenceSchedules1764510000000 } from '../../../migrations/1764510000000-AddPreferenceSchedules';
import { AddNoticeRecipientEmail1764520000000 } from '../../../migrations/1764520000000-AddNoticeRecipientEmail';
import { MensualiseOverContractMonths1764340000000 } from '../../../migrations/1764340000000-MensualiseOverContractMonths';
import { BillOccasionalCare1764345000000 } from '../../../migrations/1764345000000-BillOccasionalCare';
import { CreateAttendance1764600000000 } from '../../../migrations/1764600000000-CreateAttendance';
import { CreateBilling1764610000000 } from '../../../migrations/1764610000000-CreateBilling';
import { AddTerritoryCoordinators1764710000000 } from '../../../migrations/1764710000000-AddTerritoryCoordinators';
import { AddFiloueObjection1764711000000 } from '../../../migrations/1764711000000-AddFiloueObjection';
import { CacheScalesAndCrecheList1764700000000 } from '../../../migrations/1764700000000-CacheScalesAndCrecheList';
import { AddNoticeClaimTokens1764700001000 } from '../../../migrations/1764700001000-AddNoticeClaimTokens';
import { AddCrecheCafNumbers1764800000000 } from '../../../migrations/1764800000000-AddCrecheCafNumbers';
import { CacheWaitlistRankings1764810000000 } from '../../../migrations/1764810000000-CacheWaitlistRankings';
import { AddClaimProofs1764890000000 } from '../../../migrations/1764890000000-AddClaimProofs';
import { AddFamilyPostalCode1764920000000 } from '../../../migrations/1764920000000-AddFamilyPostalCode';
import { AddCrecheStaff1764940000000 } from '../../../migrations/1764940000000-AddCrecheStaff';
import { CancelPayments1764950000000 } from '../../../migrations/1764950000000-CancelPayments';
import { KeepContractClosures1764960000000 } from '../../../migrations/1764960000000-KeepContractClosures';
import { IndexApplicationsByChild1764970000000 } from '../../../migrations/1764970000000-IndexApplicationsByChild';
import { BookingsKeepTheirScale1764980000000 } from '../../../migrations/1764980000000-BookingsKeepTheirScale';
import { AddChildrenCheckedAt1764990000000 } from '../../../migrations/1764990000000-AddChildrenCheckedAt';
import { AttendancePerCrecheAndDay1765000000000 } from '../../../migrations/1765000000000-AttendancePerCrecheAndDay';
import { EraseRoundsOfErasedHouseholds1765010000000 } from '../../../migrations/1765010000000-EraseRoundsOfErasedHouseholds';
import { DateContractFeeChanges1765020000000 } from '../../../migrations/1765020000000-DateContractFeeChanges';
import { AddPaymentTerms1765030000000 } from '../../../migrations/1765030000000-AddPaymentTerms';
import { AnchorChildDates1765040000000 } from '../../../migrations/1765040000000-AnchorChildDates';
import { KeepCrecheCapacityHistory1765050000000 } from '../../../migrations/1765050000000-KeepCrecheCapacityHistory';
import { ClearErasedExclusionNotes1765060000000 } from '../../../migrations/1765060000000-ClearErasedExclusionNotes';
import { AddPublicHolidayCare1765070000000 } from '../../../migrations/1765070000000-AddPublicHolidayCare';
import { CreditNoteHours1765080000000 } from '../../../migrations/1765080000000-CreditNoteHours';
import { NotCafAllocataire1765090000000 } from '../../../migrations/1765090000000-NotCafAllocataire';
import { MonthIssueRuns1765100000000 } from '../../../migrations/1765100000000-MonthIssueRuns';
import { RerankWaitlistsWithOwnOfferLeftOut1765013000000 } from '../../../migrations/1765013000000-RerankWaitlistsWithOwnOfferLeftOut';
import { InvoiceSequenceForEveryCreche1764930000000 } from '../../../migrations/1764930000000-InvoiceSequenceForEveryCreche';

/** Every migration, in order. */
export const MIGRATIONS = [
  CreateFoundation1764190000000,
  CreateCrechesAndPlanning1764200000000,
  CreateFees1764210000000,
  CreateFamiliesAndApplications1764220000000,
  CreateAllocationAndOffers1764230000000,
  AddLookupIndexes1764240000000,
  AddUserChangeNotifications1764250000000,
  AddAdmissionFunctions1764260000000,
  AddAppSecrets1764270000000,
  OpenOffersHoldPlaces1764280000000,
  ContractsNeedFeeInputs1764290000000,
  AddFamilyErasedAt1764300000000,
  AddEmailVerification1764310000000,
  AddVerifiedClaims1764320000000,
  AddResourcesRefused1764330000000,
  MensualiseOverContractMonths1764340000000,
  BillOccasionalCare1764345000000,
  AddFeeDeclarations1764350000000,
  ScaleVerifiedNeedsCitation1764360000000,
  AlternatingResidenceShares1764370000000,
  AddResourcesCheckedAt1764380000000,
  AddCoHouseholds1764390000000,
  DeclarationPreviousSituation1764400000000,
  AddRefreshTokensAndPasswordResets1764500000000,
  CreateAttendance1764600000000,
  CreateBilling1764610000000,
  AddPreferenceSchedules1764510000000,
  AddNoticeRecipientEmail1764520000000,
  AddTerritoryCoordinators1764710000000,
  AddFiloueObjection1764711000000,
  CacheScalesAndCrecheList1764700000000,
  AddNoticeClaimTokens1764700001000,
  AddCrecheCafNumbers1764800000000,
  CacheWaitlistRankings1764810000000,
  AddClaimProofs1764890000000,
  AddFamilyPostalCode1764920000000,
  InvoiceSequenceForEveryCreche1764930000000,
  AddCrecheStaff1764940000000,
  CancelPayments1764950000000,
  KeepContractClosures1764960000000,
  IndexApplicationsByChild1764970000000,
  BookingsKeepTheirScale1764980000000,
  AddChildrenCheckedAt1764990000000,
  AttendancePerCrecheAndDay1765000000000,
  EraseRoundsOfErasedHouseholds1765010000000,
  RerankWaitlistsWithOwnOfferLeftOut1765013000000,
  DateContractFeeChanges1765020000000,
  AddPaymentTerms1765030000000,
  AnchorChildDates1765040000000,
  KeepCrecheCapacityHistory1765050000000,
  ClearErasedExclusionNotes1765060000000,
  AddPublicHolidayCare1765070000000,
  CreditNoteHours1765080000000,
  NotCafAllocataire1765090000000,
  MonthIssueRuns1765100000000,
] as const;
