import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsBoolean, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { IsBefore, IsOneLine, IsOptionalNotNull, IsTimeOfDay } from '../../../common/http/validators';
import { TIME_OF_DAY_PATTERN } from '../../../common/openapi/formats';

export class CommuneDto {
  @ApiProperty({ example: '88372', description: 'INSEE code' })
  @Matches(/^(\d{5}|2[AB]\d{3})$/, { message: 'inseeCode must be a 5-character INSEE commune code' })
  inseeCode!: string;

  @ApiProperty({ example: 'Rambervillers' })
  @IsString()
  @Length(1, 120)
  @IsOneLine()
  name!: string;
}

export class AtypicalHoursDto {
  @ApiProperty({ pattern: TIME_OF_DAY_PATTERN, example: '07:30', description: 'earlier than this is atypical' })
  @IsTimeOfDay()
  @IsBefore('after')
  before!: string;

  @ApiProperty({ pattern: TIME_OF_DAY_PATTERN, example: '19:00', description: 'later than this is atypical' })
  @IsTimeOfDay()
  after!: string;

  @ApiProperty() @IsBoolean() saturdays!: boolean;
  @ApiProperty() @IsBoolean() sundays!: boolean;
  @ApiProperty() @IsBoolean() publicHolidays!: boolean;
}

export class CreateTerritoryDto {
  @ApiProperty({ example: 'Communauté de communes de la Région de Rambervillers' })
  @IsString()
  @Length(2, 200)
  @IsOneLine()
  name!: string;

  @ApiProperty({ type: [CommuneDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => CommuneDto)
  communes!: CommuneDto[];

  @ApiPropertyOptional({
    type: AtypicalHoursDto,
    description: 'defaults to before 07:30, after 19:00, weekends, public holidays',
  })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => AtypicalHoursDto)
  atypicalHours?: AtypicalHoursDto;
}

export class UpdateTerritoryDto extends PartialType(CreateTerritoryDto, { skipNullProperties: false }) {}

export class TerritoryResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [CommuneDto] }) communes!: CommuneDto[];
  @ApiProperty({ type: AtypicalHoursDto }) atypicalHours!: AtypicalHoursDto;
}
