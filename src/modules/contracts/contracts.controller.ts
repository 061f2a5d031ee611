import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors';
import { AuthUser, CurrentUser, RequirePermission, Roles } from '../../common/auth/auth.decorators';
import { invalidFields } from '../../common/errors/domain-error';
import { civilDateProblems, uuidParam } from '../../common/http/validators';
import { registerFastBodyCheck } from '../../common/http/validation';
import { quickBookingDto } from './dto/booking.fast';
import { BookingsService } from './bookings.service';
import { toBookingResponse, toContractResponse } from './contract.mapper';
import {
  BookingResponseDto,
  ContractDeclarationToReviewDto,
  ContractResponseDto,
  CreateBookingDto,
  CreateContractDto,
  EndContractDto,
  UpdateFeeInputsDto,
} from './dto/contract.dto';
import { ContractsService } from './contracts.service';
import { ContractNamesService } from './contract-names.service';
import { DeclarationsToReviewService } from './declarations-to-review.service';

registerFastBodyCheck(CreateBookingDto, quickBookingDto);

@ApiTags('contracts')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller()
export class ContractsController {
  constructor(
    private readonly contracts: ContractsService,
    private readonly bookings: BookingsService,
    private readonly names: ContractNamesService,
    private readonly declarations: DeclarationsToReviewService,
  ) {}

  /** The contracts page's to-do: families already cared for declare new resources or a new child, with a proof. */
  @ApiOperation({
    summary:
      'Fee declarations waiting for a manager, of the households paying for a contract of the crèche that runs up to the day the declaration applies from (the ones its managers may review), oldest first',
  })
  @ApiOkResponse({ type: [ContractDeclarationToReviewDto] })
  @ApiErrors(400, 404)
  @Get('creches/:id/declarations-to-review')
  @RequirePermission('contracts:read')
  @Roles('MANAGER', 'ADMIN')
  async declarationsToReview(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
  ): Promise<ContractDeclarationToReviewDto[]> {
    return (await this.declarations.ofCreche(user, crecheId)).map((d) => ({
      ...d,
      declaredAt: d.declaredAt.toISOString(),
      children: [...d.children],
    }));
  }

  @ApiOperation({ summary: 'Create a contract in a crèche' })
  @ApiCreatedResponse({ type: ContractResponseDto })
  @ApiErrors(400, 404, 409, 422, 429)
  @Post('creches/:id/contracts')
  @RequirePermission('creches:plan')
  async create(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
    @Body() dto: CreateContractDto,
  ): Promise<ContractResponseDto> {
    const contract = await this.contracts.create(actor, crecheId, dto);
    return toContractResponse(contract, await this.contracts.currentFee(contract, actor));
  }

  @ApiOperation({ summary: "List a crèche's contracts with their fee in force, optionally those active on a day" })
  @ApiOkResponse({ type: [ContractResponseDto] })
  @ApiErrors(400, 404)
  @Get('creches/:id/contracts')
  @RequirePermission('contracts:read')
  @Roles('MANAGER', 'ADMIN')
  @ApiQuery({ name: 'activeOn', required: false, example: '2027-01-04', format: 'date' })
  async list(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
    @Query('activeOn') activeOn?: string,
  ): Promise<ContractResponseDto[]> {
    const problems = civilDateProblems('activeOn', activeOn);
    if (problems.length) throw invalidFields(problems);
    // Each with its fee in force: the list marks those billed on figures nobody checked yet (R4.7).
    const listed = await this.contracts.list(user, crecheId, activeOn);
    return this.names.named(
      listed.map((l) => toContractResponse(l.contract, l.fee)),
      'STAFF',
    );
  }

  @ApiOperation({ summary: 'Get a contract with its current fee and the changes already computed' })
  @ApiOkResponse({ type: ContractResponseDto })
  @ApiErrors(400, 404)
  @Get('contracts/:id')
  @RequirePermission('contracts:read')
  async get(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string): Promise<ContractResponseDto> {
    const contract = await this.contracts.get(user, id);
    const [named] = await this.names.named(
      [toContractResponse(contract, await this.contracts.currentFee(contract, user, true))],
      user.role === 'PARENT' ? 'FAMILY' : 'STAFF',
    );
    return named;
  }

  /** The household's situation changed (resources, children): the fee is recomputed from `effectiveFrom`. */
  @ApiOperation({ summary: "Update a contract's fee inputs from a date" })
  @ApiOkResponse({ type: ContractResponseDto })
  @ApiErrors(400, 404, 409, 422, 429)
  @Patch('contracts/:id/fee-inputs')
  @RequirePermission('creches:plan')
  async updateFeeInputs(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateFeeInputsDto,
  ): Promise<ContractResponseDto> {
    return toContractResponse(await this.contracts.updateFeeInputs(actor, id, dto));
  }

  @ApiOperation({ summary: 'End a contract' })
  @ApiOkResponse({ type: ContractResponseDto })
  @ApiErrors(400, 404, 409, 429)
  @Post('contracts/:id/end')
  @HttpCode(200)
  @RequirePermission('creches:plan')
  async end(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: EndContractDto,
  ): Promise<ContractResponseDto> {
    return toContractResponse(await this.contracts.end(actor, id, dto.endDate));
  }

  @ApiOperation({ summary: 'Book an occasional place' })
  @ApiCreatedResponse({ type: BookingResponseDto })
  @ApiErrors(400, 404, 409, 429)
  @Post('creches/:id/bookings')
  @RequirePermission('creches:plan')
  async book(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
    @Body() dto: CreateBookingDto,
  ): Promise<BookingResponseDto> {
    return toBookingResponse(await this.bookings.create(actor, crecheId, dto));
  }

  @ApiOperation({ summary: 'Cancel a booking' })
  @ApiNoContentResponse({ description: 'Done (no body)' })
  @ApiErrors(400, 404, 409, 429)
  @Delete('bookings/:id')
  @HttpCode(204)
  @RequirePermission('creches:plan')
  async cancel(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.bookings.cancel(actor, id);
  }
}
