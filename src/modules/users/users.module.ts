import { Module } from '@nestjs/common';
import { TokenUserReader } from '../../common/auth/token-user.cache';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginLimiter } from './login-limiter';
import { PasswordHasher } from './password-hasher';
import { RegistrationLimiter } from './registration-limiter';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  controllers: [AuthController, UsersController],
  providers: [
    UsersService,
    UsersRepository,
    AuthService,
    PasswordHasher,
    LoginLimiter,
    RegistrationLimiter,
    { provide: TokenUserReader, useExisting: UsersService },
  ],
  // TokenUserReader is UsersService under the auth guard's port: the guard (common/auth) reads accounts through it.
  exports: [UsersService, TokenUserReader],
})
export class UsersModule {}
