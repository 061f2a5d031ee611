import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { Role, ROLES } from '../domain/role';
import { RegisterDto } from './register.dto';

export class CreateUserDto extends RegisterDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MaxLength(128) currentPassword!: string;
  @ApiProperty({ minLength: 10, maxLength: 128 }) @IsString() @MinLength(10) @MaxLength(128) newPassword!: string;
}
