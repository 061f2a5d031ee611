import { ApiProperty } from '@nestjs/swagger';

export class FiloueObjectionDto {
  @ApiProperty({ description: 'when the household objected (ISO instant); kept when it objects again' })
  objectedAt!: string;
}
