import { Body, Controller, Get, Param, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors';
import { PolicyResponseDto, WaitlistPageDto } from './dto/waitlist.response.dto';
import { WaitlistQuery } from './dto/waitlist.query';
import { AuthUser, CurrentUser, Public, RequirePermission } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
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

  /**
   * One page of a crèche's ranked waitlist (WaitlistPageDto, its entries serialized once per ranking), each application with its score breakdown and whether it fits now. The
   * ranking is computed once per change of the crèche's applications, policy or planning (and per day), then served
   * to every request and every API instance; filters narrow it without renumbering.
   */
  @ApiOperation({
    summary: "A page of a crèche's ranked waitlist with score breakdowns (cursor pagination, filters)",
    description:
      'Default 50 entries a page, at most 200. Pass `nextCursor` back as `cursor` for the next page; a cursor given ' +
      'before the ranking changed is refused with 409 WAITLIST.CHANGED (start again from the first page).',
  })
  @ApiOkResponse({ type: WaitlistPageDto })
  @ApiErrors(400, 401, 403, 404, 409)
  @ApiBearerAuth()
  @Get('creches/:id/waitlist')
  @RequirePermission('waitlist:read')
  async list(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
    @Query() q: WaitlistQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const json = await this.waitlist.page(user, crecheId, q);
    void reply.type('application/json; charset=utf-8');
    return Buffer.from(json, 'utf8');
  }
}
