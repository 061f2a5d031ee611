import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { IsPersonName, personName } from '../../../common/http/validators';

const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class RegisterDto {
  @ApiProperty({ example: 'camille.martin@example.fr' })
  @Transform(trimLower)
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 10, maxLength: 128, example: 'une phrase de passe longue' })
  @IsString()
  @MinLength(10)
  @MaxLength(128)
  password!: string;

  @ApiProperty({ example: 'Camille' })
  @Transform(personName)
  @IsString()
  @Length(1, 100)
  @IsPersonName()
  firstName!: string;

  @ApiProperty({ example: 'Martin' })
  @Transform(personName)
  @IsString()
  @Length(1, 100)
  @IsPersonName()
  lastName!: string;
}

export class RegistrationAcceptedDto {
  @ApiProperty({ description: 'the same whether the address is new or already has an account' })
  message!: string;
}

export class VerifyEmailQuery {
  @ApiProperty({ description: 'the token of the link received by e-mail' })
  @IsString()
  @Length(20, 2000)
  token!: string;
}

/** The body of POST /auth/verify-email: the token of the e-mail's link, handed over by the web app. */
export class VerifyEmailDto extends VerifyEmailQuery {}

export class EmailVerifiedDto {
  @ApiProperty({ example: true }) emailVerified!: true;
}
