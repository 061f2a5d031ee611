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
import { AuthUser, CurrentUser, Public, RequirePermission } from '../../common/auth/auth.decorators';
import { uuidParam } from '../../common/http/validators';
import { registerFastBodyCheck } from '../../common/http/validation';
import { CreateFeeScaleDto, FeeScaleResponseDto, UpdateFeeScaleDto } from './dto/fee-scale.dto';
import { QuoteDto, QuoteResponseDto } from './dto/quote.dto';
import { quickQuoteDto } from './dto/quote.fast';
import type { FeeScaleEntity } from './entities/fee-scale.entity';
import { FeeScalesService } from './fee-scales.service';
import { FeesService } from './fees.service';

const scaleDto = (s: FeeScaleEntity & { inUse?: boolean }): FeeScaleResponseDto => ({
  id: s.id,
  effectiveFrom: s.effectiveFrom,
  floor: s.floor,
  ceiling: s.ceiling,
  tables: s.tables,
  microCrecheTable: s.microCrecheTable,
  provenance: s.provenance,
  verified: s.verified,
  sourceTitle: s.sourceTitle,
  sourceDate: s.sourceDate,
  inUse: s.inUse ?? false,
});

// The simulator's usual body skips class-validator when plainly valid (most of the route's cost); errors are worded by it.
registerFastBodyCheck(QuoteDto, quickQuoteDto);

@ApiTags('fees')
@Controller()
export class FeesController {
  constructor(
    private readonly fees: FeesService,
    private readonly scales: FeeScalesService,
  ) {}

  /** The parents' simulator (public). */
  @ApiOperation({ summary: 'Simulate a PSU fee (public simulator)' })
  @ApiErrors(400, 422)
  @Public()
  @Post('fees/quote')
  @HttpCode(200)
  @ApiOkResponse({ type: QuoteResponseDto })
  quote(@Body() dto: QuoteDto): Promise<QuoteResponseDto> {
    return this.fees.quote(dto);
  }

  /** The national scale is public law: every version, with its provenance and whether it is verified. */
  @ApiOperation({ summary: 'List the national fee scale versions' })
  @ApiOkResponse({ type: [FeeScaleResponseDto] })
  @Public()
  @Get('fee-scales')
  async listScales(): Promise<FeeScaleResponseDto[]> {
    return (await this.scales.list()).map(scaleDto);
  }

  @ApiOperation({ summary: 'Get a fee scale version' })
  @ApiOkResponse({ type: FeeScaleResponseDto })
  @ApiErrors(400, 404)
  @Public()
  @Get('fee-scales/:id')
  async getScale(@Param('id', uuidParam()) id: string): Promise<FeeScaleResponseDto> {
    return scaleDto(await this.scales.get(id));
  }

  @ApiOperation({ summary: 'Add a fee scale version' })
  @ApiCreatedResponse({ type: FeeScaleResponseDto })
  @ApiErrors(400, 401, 403, 409, 429)
  @ApiBearerAuth()
  @Post('fee-scales')
  @RequirePermission('fee_scales:write')
  async createScale(@CurrentUser() actor: AuthUser, @Body() dto: CreateFeeScaleDto): Promise<FeeScaleResponseDto> {
    return scaleDto(await this.scales.create(actor, dto));
  }

  @ApiOperation({ summary: 'Update a fee scale version no computation uses yet' })
  @ApiOkResponse({ type: FeeScaleResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  @ApiBearerAuth()
  @Patch('fee-scales/:id')
  @RequirePermission('fee_scales:write')
  async updateScale(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateFeeScaleDto,
  ): Promise<FeeScaleResponseDto> {
    return scaleDto(await this.scales.update(actor, id, dto));
  }

  @ApiOperation({ summary: 'Delete a fee scale version no computation uses' })
  @ApiNoContentResponse({ description: 'Done (no body)' })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  @ApiBearerAuth()
  @Delete('fee-scales/:id')
  @HttpCode(204)
  @RequirePermission('fee_scales:write')
  async deleteScale(@CurrentUser() actor: AuthUser, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.scales.remove(actor, id);
  }
}
