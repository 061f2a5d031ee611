import { ApiProperty } from '@nestjs/swagger';
import { Role, ROLES } from '../domain/role';
import type { UserEntity } from '../entities/user.entity';

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ description: 'whether the owner proved the address (needed to apply or join a household)' })
  emailVerified!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(u: UserEntity): UserResponseDto {
    return {
      id: u.id,
      email: u.email,
      firstName: u.firstName,
      lastName: u.lastName,
      role: u.role,
      emailVerified: u.emailVerifiedAt !== null,
      createdAt: u.createdAt.toISOString(),
    };
  }
}

/** GET /me: the account, and the household it belongs to (null before it declares or joins one). */
export class MeResponseDto extends UserResponseDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the household this account belongs to, if any',
  })
  familyId!: string | null;
}
