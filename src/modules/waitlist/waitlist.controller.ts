import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors';
import { PolicyResponseDto, WaitlistEntryDto } from './dto/waitlist.response.dto';
import { AuthUser, CurrentUser, Public, RequirePermission } from '../../common/auth/auth.decorators';
import { invalidFields } from '../../common/errors/domain-error';
import { civilDateProblems, uuidParam } from '../../common/http/validators';
import { PublishPolicyDto } from './dto/policy.dto';
import type { PriorityPolicyEntity } from './entities/priority-policy.entity';
import { PriorityPoliciesService } from './priority-policies.service';
import { WaitlistService } from './waitlist.service';

const policyDto = (p: PriorityPolicyEntity) => ({
  id: p.id,
  territoryId: p.territoryId,
  version: p.version,
  effectiveFrom: p.effectiveFrom,
  criteria: p.criteria,
  waitingMonthPoints: p.waitingMonthPoints,
  waitingMonthCap: p.waitingMonthCap,
  refusalPenalty: p.refusalPenalty,
  tieBreak: p.tieBreak,
});

@ApiTags('waitlist')
@Controller()
export class WaitlistController {
  constructor(
    private readonly waitlist: WaitlistService,
    private readonly policies: PriorityPoliciesService,
  ) {}

  /** Public: families can read exactly how they are ranked. */
  @ApiOperation({ summary: "Get a territory's current priority policy" })
  @ApiOkResponse({ type: PolicyResponseDto })
  @ApiErrors(400, 404)
  @Public()
  @Get('territories/:id/priority-policy')
  async policy(@Param('id', uuidParam()) territoryId: string) {
    return policyDto(await this.policies.current(territoryId));
  }

  @ApiOperation({ summary: 'Publish a new priority policy version for a territory' })
  @ApiOkResponse({ type: PolicyResponseDto })
  @ApiErrors(400, 401, 403, 404, 429)
  @ApiBearerAuth()
  @Put('territories/:id/priority-policy')
  @RequirePermission('policies:write')
  async publish(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) territoryId: string,
    @Body() dto: PublishPolicyDto,
  ) {
    return policyDto(await this.policies.publish(actor, territoryId, dto));
  }

  /** The ranked waitlist of a crèche, each application with its score breakdown and whether it fits now. */
  @ApiOperation({ summary: "A crèche's ranked waitlist with score breakdowns" })
  @ApiOkResponse({ type: [WaitlistEntryDto] })
  @ApiErrors(400, 401, 403, 404)
  @ApiBearerAuth()
  @Get('creches/:id/waitlist')
  @RequirePermission('waitlist:read')
  @ApiQuery({ name: 'asOf', required: false, example: '2027-01-04', format: 'date' })
  async list(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) crecheId: string, @Query('asOf') asOf?: string) {
    const problems = civilDateProblems('asOf', asOf);
    if (problems.length) throw invalidFields(problems);
    return this.waitlist.forManager(user, crecheId, asOf);
  }
}
