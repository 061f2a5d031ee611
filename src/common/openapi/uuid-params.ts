import { ParseUUIDPipe, type INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';

type Parameter = { name: string; in: string; schema?: { format?: string; $ref?: string } };

const LOCATION: Partial<Record<number, 'path' | 'query'>> = {
  [RouteParamtypes.PARAM]: 'path',
  [RouteParamtypes.QUERY]: 'query',
};

/**
 * Path and query parameters validated by a ParseUUIDPipe (`uuidParam()`) get `format: uuid` in the document: the
 * pipe is the truth, so no route has to repeat it in an `@ApiParam`. Operations are matched by swagger's default
 * operationId, `<Controller>_<method>`.
 */
export function markUuidParameters(app: INestApplication, document: OpenAPIObject): void {
  const uuids = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
          string,
          { data?: unknown; pipes?: unknown[] }
        >;
        for (const [key, arg] of Object.entries(args)) {
          const where = LOCATION[Number(key.split(':')[0])];
          if (!where || typeof arg.data !== 'string') continue;
          if (arg.pipes?.some((p) => p instanceof ParseUUIDPipe)) {
            uuids.add(`${controller.name}_${method} ${where} ${arg.data}`);
          }
        }
      }
    }
  }
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item as Record<string, unknown>)) {
      const operation = op as { operationId?: string; parameters?: Parameter[] };
      if (!operation?.operationId) continue;
      for (const p of operation.parameters ?? []) {
        if (uuids.has(`${operation.operationId} ${p.in} ${p.name}`) && p.schema && !p.schema.$ref) {
          p.schema.format = 'uuid';
        }
      }
    }
  }
}
