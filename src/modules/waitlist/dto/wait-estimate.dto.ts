import { ApiProperty } from '@nestjs/swagger';

export class WaitEstimateBasisDto {
  @ApiProperty({ description: '1 + waiting applications ranked ahead whose schedule competes for the same slots' })
  competingRank!: number;
  @ApiProperty({ description: '1 + those ahead expected to stay until an offer (the rank the estimate uses)' })
  expectedRank!: number;
  @ApiProperty({
    description: 'of the competing applications that left the list in 12 months, % that left without an offer',
  })
  leftWithoutOfferPercent!: number;
  @ApiProperty({ description: 'places of competing schedules that children in care free in the next 36 months' })
  releases!: number;
  @ApiProperty({ description: 'admissions of competing schedules in the last 12 months' })
  admissionsLast12Months!: number;
  @ApiProperty({ enum: ['RELEASES_AND_PACE', 'RELEASES', 'PACE'] })
  method!: 'RELEASES_AND_PACE' | 'RELEASES' | 'PACE';
}

/** The estimated window for an offer at one crèche (GET /applications/:id, per crèche; null when none). */
export class WaitEstimateDto {
  @ApiProperty({ example: '2027-09' }) expectedMonth!: string;
  @ApiProperty({ example: '2027-06' }) earliestMonth!: string;
  @ApiProperty({ example: '2027-11' }) latestMonth!: string;
  @ApiProperty({ example: '≈ septembre 2027, entre juin et novembre' }) text!: string;
  @ApiProperty({ type: WaitEstimateBasisDto }) basis!: WaitEstimateBasisDto;
  @ApiProperty({ description: 'the basis in plain French' }) basisText!: string;
}
