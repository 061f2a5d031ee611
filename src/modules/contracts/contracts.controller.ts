import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, RequirePermission, Roles } from '../../common/auth/auth.decorators';
import { invalidFields } from '../../common/errors/domain-error';
import { civilDateProblems, uuidParam } from '../../common/http/validators';
import { BookingsService } from './bookings.service';
import { toBookingResponse, toContractResponse } from './contract.mapper';
import {
  BookingResponseDto,
  ContractResponseDto,
  CreateBookingDto,
  CreateContractDto,
  EndContractDto,
  UpdateFeeInputsDto,
} from './dto/contract.dto';
import { ContractsService } from './contracts.service';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller()
export class ContractsController {
  constructor(
    private readonly contracts: ContractsService,
    private readonly bookings: BookingsService,
  ) {}

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

  @Get('creches/:id/contracts')
  @RequirePermission('contracts:read')
  @Roles('MANAGER', 'ADMIN')
  @ApiQuery({ name: 'activeOn', required: false, example: '2027-01-04' })
  async list(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
    @Query('activeOn') activeOn?: string,
  ): Promise<ContractResponseDto[]> {
    const problems = civilDateProblems('activeOn', activeOn);
    if (problems.length) throw invalidFields(problems);
    return (await this.contracts.list(user, crecheId, activeOn)).map((c) => toContractResponse(c));
  }

  @Get('contracts/:id')
  @RequirePermission('contracts:read')
  async get(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string): Promise<ContractResponseDto> {
    const contract = await this.contracts.get(user, id);
    return toContractResponse(contract, await this.contracts.currentFee(contract, user));
  }

  /** The household's situation changed (resources, children): the fee is recomputed from `effectiveFrom`. */
  @Patch('contracts/:id/fee-inputs')
  @RequirePermission('creches:plan')
  async updateFeeInputs(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateFeeInputsDto,
  ): Promise<ContractResponseDto> {
    return toContractResponse(await this.contracts.updateFeeInputs(actor, id, dto));
  }

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

  @Post('creches/:id/bookings')
  @RequirePermission('creches:plan')
  async book(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
    @Body() dto: CreateBookingDto,
  ): Promise<BookingResponseDto> {
    return toBookingResponse(await this.bookings.create(actor, crecheId, dto));
  }

  @Delete('bookings/:id')
  @HttpCode(204)
  @RequirePermission('creches:plan')
  async cancel(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.bookings.cancel(actor, id);
  }
}
