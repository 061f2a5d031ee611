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

/** The month from which the child can no longer start at the crèche. */
export class CareLimitDto {
  @ApiProperty({ example: '2029-09', description: 'the first month the child can no longer start (YYYY-MM)' })
  month!: string;
  @ApiProperty({
    enum: ['SCHOOL_ENTRY', 'MAX_AGE'],
    description: "school entry (1 September of the year it turns 3) or the crèche's maximum age, whichever is first",
  })
  reason!: 'SCHOOL_ENTRY' | 'MAX_AGE';
}

/** The estimated window for an offer at one crèche (GET /applications/:id, per crèche; null when none). */
export class WaitEstimateDto {
  @ApiProperty({
    enum: ['WINDOW', 'UNLIKELY'],
    description:
      "WINDOW: the months, none past the child's limit; UNLIKELY: even the earliest date was past it (no month)",
  })
  outlook!: 'WINDOW' | 'UNLIKELY';
  @ApiProperty({ type: String, nullable: true, example: '2027-09' }) expectedMonth!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2027-06' }) earliestMonth!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2027-11' }) latestMonth!: string | null;
  @ApiProperty({ type: CareLimitDto, nullable: true }) limit!: CareLimitDto | null;
  @ApiProperty({
    example: '≈ septembre 2027, entre juin et novembre',
    description: "the window in French, or that a place before the child's limit is unlikely",
  })
  text!: string;
  @ApiProperty({ type: WaitEstimateBasisDto }) basis!: WaitEstimateBasisDto;
  @ApiProperty({ description: 'the basis in plain French' }) basisText!: string;
}
