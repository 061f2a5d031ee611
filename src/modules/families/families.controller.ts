import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors';
import { CoHouseholdLinkDto, CoHouseholdRequestDto, JoinedFamilyDto } from './dto/links.response.dto';
import { AuthUser, CurrentUser, RequirePermission, Roles } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { ChildrenService } from './children.service';
import {
  CoHouseholdDto,
  CreateChildDto,
  CreateFamilyDto,
  InviteDto,
  UpdateChildDto,
  UpdateFamilyDto,
  VerifyClaimDto,
} from './dto/family.dto';
import {
  ChildResponseDto,
  FamilyParentsResponseDto,
  FamilyResponseDto,
  InvitationSentDto,
  MyFamilyResponseDto,
  MyInvitationDto,
} from './dto/family.response.dto';
import { FamiliesService } from './families.service';
import { InvitationsService } from './invitations.service';
import { CoHouseholdsService } from './co-households.service';

@ApiTags('families')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller()
export class FamiliesController {
  constructor(
    private readonly families: FamiliesService,
    private readonly children: ChildrenService,
    private readonly invitations: InvitationsService,
    private readonly coHouseholds: CoHouseholdsService,
  ) {}

  @ApiOperation({ summary: 'Declare my household' })
  @ApiCreatedResponse({ type: FamilyResponseDto })
  @ApiErrors(400, 409, 429)
  @Post('families')
  @Roles('PARENT')
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateFamilyDto): Promise<FamilyResponseDto> {
    return FamilyResponseDto.from(await this.families.create(actor, dto), [actor.id]);
  }

  /**
   * The caller's own household, or `family: null` while they have none (a normal state for a new account, not a
   * missing resource): where the parent's pages start.
   */
  @ApiOperation({ summary: 'Get my household (null while I have none)' })
  @ApiOkResponse({ type: MyFamilyResponseDto })
  @Get('me/family')
  @Roles('PARENT')
  async mine(@CurrentUser() user: AuthUser): Promise<MyFamilyResponseDto> {
    const family = await this.families.ofUser(user);
    return { family: family ? FamilyResponseDto.from(family, family.memberUserIds) : null };
  }

  /** The household's parents (names and addresses) and its invitations not accepted yet; for its parents. */
  @ApiOperation({ summary: "List a household's parents and pending invitations" })
  @ApiOkResponse({ type: FamilyParentsResponseDto })
  @ApiErrors(400, 404)
  @Get('families/:id/parents')
  @Roles('PARENT')
  async parents(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<FamilyParentsResponseDto> {
    const { parents, invitations } = await this.invitations.parentsOf(user, id);
    return {
      parents,
      invitations: invitations.map((i) => ({ id: i.id, email: i.email, createdAt: i.createdAt.toISOString() })),
    };
  }

  @ApiOperation({ summary: 'Get a household' })
  @ApiOkResponse({ type: FamilyResponseDto })
  @ApiErrors(400, 404)
  @Get('families/:id')
  @RequirePermission('families:read')
  async get(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string): Promise<FamilyResponseDto> {
    const family = await this.families.get(user, id);
    return FamilyResponseDto.from(family, family.memberUserIds);
  }

  @ApiOperation({ summary: 'Update a household' })
  @ApiOkResponse({ type: FamilyResponseDto })
  @ApiErrors(400, 404, 429)
  @Patch('families/:id')
  @Roles('PARENT', 'ADMIN')
  async update(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateFamilyDto,
  ): Promise<FamilyResponseDto> {
    const saved = await this.families.update(actor, id, dto);
    return FamilyResponseDto.from(saved, (await this.families.get(actor, id)).memberUserIds);
  }

  /**
   * A manager records that they saw the proof of a priority claim, with the value they saw: it counts in allocation
   * from now on; 409 CLAIM.DECLARATION_CHANGED if the family declared another value since, 409 CLAIM.TWO_PARENTS for
   * a single parent whose household has two parents (a second parent joined).
   */
  @ApiOperation({ summary: 'Record that the proof of a priority claim was seen (the declared value seen)' })
  @ApiNoContentResponse({ description: 'Done (no body)' })
  @ApiErrors(400, 404, 409, 429)
  @Post('families/:id/claims')
  @HttpCode(204)
  @Roles('MANAGER', 'ADMIN')
  async verifyClaim(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: VerifyClaimDto,
  ): Promise<void> {
    await this.families.verifyClaim(actor, id, dto);
  }

  @ApiOperation({ summary: 'Add a child to a household' })
  @ApiCreatedResponse({ type: ChildResponseDto })
  @ApiErrors(400, 404, 409, 429)
  @Post('families/:id/children')
  @Roles('PARENT', 'ADMIN')
  async addChild(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: CreateChildDto,
  ): Promise<ChildResponseDto> {
    return ChildResponseDto.from(await this.children.add(actor, id, dto));
  }

  @ApiOperation({ summary: "List a household's children" })
  @ApiOkResponse({ type: [ChildResponseDto] })
  @ApiErrors(400, 404)
  @Get('families/:id/children')
  @RequirePermission('families:read')
  async listChildren(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string): Promise<ChildResponseDto[]> {
    return (await this.children.list(user, id)).map(ChildResponseDto.from);
  }

  @ApiOperation({ summary: 'Update a child' })
  @ApiOkResponse({ type: ChildResponseDto })
  @ApiErrors(400, 404, 429)
  @Patch('families/:id/children/:childId')
  @Roles('PARENT', 'ADMIN')
  async updateChild(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Param('childId', uuidParam('childId')) childId: string,
    @Body() dto: UpdateChildDto,
  ): Promise<ChildResponseDto> {
    return ChildResponseDto.from(await this.children.update(actor, id, childId, dto));
  }

  /**
   * A child registered by mistake, while nothing refers to it (409 CHILD.IN_USE naming what does: an application,
   * a contract, a booking…).
   */
  @ApiOperation({ summary: 'Remove a child registered by mistake (while nothing refers to it)' })
  @ApiNoContentResponse({ description: 'removed' })
  @ApiErrors(400, 404, 409, 429)
  @Delete('families/:id/children/:childId')
  @HttpCode(204)
  @Roles('PARENT', 'ADMIN')
  async removeChild(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Param('childId', uuidParam('childId')) childId: string,
  ): Promise<void> {
    await this.children.remove(actor, id, childId);
  }

  /**
   * Invite the other parent to join the household: an e-mail goes to the address with a link to the invitation,
   * whether or not it has an account yet.
   */
  @ApiOperation({ summary: 'Invite the other parent to join the household' })
  @ApiCreatedResponse({ type: InvitationSentDto })
  @ApiErrors(400, 404, 409, 429)
  @Post('families/:id/invitations')
  @Roles('PARENT')
  async invite(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: InviteDto,
  ): Promise<InvitationSentDto> {
    const inv = await this.invitations.invite(actor, id, dto.email);
    return { id: inv.id, email: inv.email };
  }

  /** Alternating residence: the child's household names the other parent's household (which must accept). */
  @ApiOperation({ summary: "Link a child's other household (alternating residence)" })
  @ApiCreatedResponse({ type: CoHouseholdLinkDto })
  @ApiErrors(400, 404, 429)
  @Post('families/:id/children/:childId/co-households')
  @Roles('PARENT')
  coHousehold(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Param('childId', uuidParam('childId')) childId: string,
    @Body() dto: CoHouseholdDto,
  ): Promise<{ id: string; accepted: boolean }> {
    return this.coHouseholds.request(actor, id, childId, dto.otherFamilyId);
  }

  @ApiOperation({ summary: 'List the co-household requests waiting for me' })
  @ApiOkResponse({ type: [CoHouseholdRequestDto] })
  @Get('me/co-household-requests')
  @Roles('PARENT')
  async coHouseholdRequests(
    @CurrentUser() user: AuthUser,
  ): Promise<{ id: string; childId: string; requestedAt: string }[]> {
    return (await this.coHouseholds.pendingFor(user)).map((r) => ({
      id: r.id,
      childId: r.childId,
      requestedAt: r.requestedAt.toISOString(),
    }));
  }

  @ApiOperation({ summary: 'Accept a co-household request' })
  @ApiNoContentResponse({ description: 'Done (no body)' })
  @ApiErrors(400, 404, 429)
  @Post('co-household-requests/:id/accept')
  @HttpCode(204)
  @Roles('PARENT')
  async acceptCoHousehold(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.coHouseholds.accept(user, id);
  }

  @ApiOperation({ summary: 'List the household invitations waiting for me' })
  @ApiOkResponse({ type: [MyInvitationDto] })
  @Get('me/invitations')
  @Roles('PARENT')
  async myInvitations(@CurrentUser() user: AuthUser): Promise<MyInvitationDto[]> {
    return (await this.invitations.pendingFor(user)).map((i) => ({
      id: i.id,
      familyId: i.familyId,
      invitedByFirstName: i.invitedByFirstName,
      createdAt: i.createdAt.toISOString(),
    }));
  }

  @ApiOperation({ summary: 'Accept an invitation to join a household' })
  @ApiOkResponse({ type: JoinedFamilyDto })
  @ApiErrors(400, 404, 409, 429)
  @Post('family-invitations/:id/accept')
  @HttpCode(200)
  @Roles('PARENT')
  async accept(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string): Promise<{ familyId: string }> {
    return { familyId: await this.invitations.accept(user, id) };
  }
}
