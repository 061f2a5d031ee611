import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '../../modules/users/domain/role';
import type { Permission } from './permissions';

export const IS_PUBLIC = 'berceau:isPublic';
export const REQUIRED_PERMISSIONS = 'berceau:permissions';
export const REQUIRED_ROLES = 'berceau:roles';

/** The route needs no token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The caller's role must grant every listed permission. */
export const RequirePermission = (...permissions: Permission[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_PERMISSIONS, permissions);

/** The caller must hold one of these roles (for actions that belong to a role, e.g. a parent applying). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

export interface AuthUser {
  readonly id: string;
  readonly role: Role;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
