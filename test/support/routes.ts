import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { API_PREFIX, RegisteredRoute, registeredRoutes } from '../../src/bootstrap';
import { IS_PUBLIC, REQUIRED_PERMISSIONS, REQUIRED_ROLES } from '../../src/common/auth/auth.decorators';
import { can, Permission } from '../../src/common/auth/permissions';
import type { Role } from '../../src/modules/users/domain/role';

export interface RouteRule {
  readonly method: string;
  readonly url: string;
  readonly isPublic: boolean;
  readonly roles?: Role[];
  readonly permissions: Permission[];
}

/** What a role may attempt on a route, from the guard's own metadata. */
export function allowed(rule: RouteRule, role: Role): boolean {
  if (rule.isPublic) return true;
  if (rule.roles && !rule.roles.includes(role)) return false;
  return rule.permissions.every((p) => can(role, p));
}

/**
 * Every route of the app, read from the router (Fastify's registered routes) and matched with the decorators of the
 * controller method that serves it, so that a new route cannot be forgotten by a test that walks them all.
 */
export function routeRules(app: NestFastifyApplication): RouteRule[] {
  const byKey = new Map<string, Omit<RouteRule, 'method' | 'url'>>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => object) | undefined;
      if (!type) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler);
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const full = `/${[base, String(path)].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
        const meta = <T>(key: string): T | undefined =>
          Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, type);
        byKey.set(`${method} ${full}`, {
          isPublic: meta<boolean>(IS_PUBLIC) ?? false,
          roles: meta<Role[]>(REQUIRED_ROLES),
          permissions: meta<Permission[]>(REQUIRED_PERMISSIONS) ?? [],
        });
      }
    }
  }
  return apiRoutes(app)
    .filter((r) => r.method !== 'OPTIONS')
    .map((r) => {
      const rule = byKey.get(`${r.method} ${r.url}`);
      if (!rule) throw new Error(`route ${r.method} ${r.url} has no controller metadata`);
      return { method: r.method, url: r.url, ...rule };
    });
}

/**
 * The API's routes as the specs' `http()` takes them: without the `/api` prefix, and without the OpenAPI pages nor the
 * web app's files and fallback.
 */
export function apiRoutes(app: NestFastifyApplication): RegisteredRoute[] {
  const prefix = `/${API_PREFIX}`;
  return registeredRoutes(app)
    .filter((r) => r.url.startsWith(`${prefix}/`) && !r.url.startsWith(`${prefix}/docs`))
    .map((r) => ({ method: r.method, url: r.url.slice(prefix.length) }));
}
