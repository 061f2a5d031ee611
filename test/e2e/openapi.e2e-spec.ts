import { HEADERS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { StreamableFile } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC } from '../../src/common/auth/auth.decorators';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The OpenAPI document is the web client's source and the integrators' reference (issue #15): this walks all of it, so
 * a route or a DTO added later without its summary, response schema, error responses or formats fails here.
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  additionalProperties?: boolean | Schema;
  enum?: unknown[];
};
type Parameter = { name: string; in: 'path' | 'query' | 'header'; schema?: Schema };
type Response = { description?: string; content?: Record<string, { schema?: Schema }> };
type Operation = {
  operationId: string;
  summary?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses: Record<string, Response>;
  security?: Record<string, string[]>[];
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

const WRITES = new Set(['post', 'put', 'patch', 'delete']);
const ERROR_REF = '#/components/schemas/ErrorResponseDto';

/** What the handlers themselves say, by operationId (`<Controller>_<method>`, swagger's default). */
interface HandlerFacts {
  readonly isPublic: boolean;
  readonly contentType?: string;
  readonly streams: boolean;
}

function handlerFacts(t: TestApp): Map<string, HandlerFacts> {
  const facts = new Map<string, HandlerFacts>();
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const headers = (Reflect.getMetadata(HEADERS_METADATA, handler) ?? []) as { name: string; value: string }[];
        facts.set(`${controller.name}_${name}`, {
          isPublic: Boolean(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controller)),
          contentType: headers.find((h) => h.name.toLowerCase() === 'content-type')?.value,
          streams: Reflect.getMetadata('design:returntype', proto, name) === StreamableFile,
        });
      }
    }
  }
  return facts;
}

const refName = (ref: string) => ref.replace('#/components/schemas/', '');

/** A schema that says something about the body (not `{}` nor a bare `object`). */
function describes(doc: Document, s: Schema | undefined): boolean {
  if (!s) return false;
  if (s.$ref) return doc.components.schemas[refName(s.$ref)] !== undefined;
  if (s.allOf ?? s.oneOf ?? s.anyOf) return true;
  if (s.type === 'array') return describes(doc, s.items);
  if (s.type === 'object') return Boolean(s.properties && Object.keys(s.properties).length) || !!s.additionalProperties;
  return s.type !== undefined;
}

const CIVIL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const HH_MM = /^\d{2}:\d{2}$/;
/** Names that hold a day or an instant in this API (`desiredStartDate`, `submittedAt`, `effectiveFrom`, `activeOn`…). */
const DATE_NAME = /(Date|At|From|Until|On)$|^(date|from|to|asOf|deadline)$/;
const ID_NAME = /(^id|Id)$/;
const IDS_NAME = /Ids$/;

/** Every format problem of one property (or parameter) named `name` with schema `s`. */
function formatProblems(where: string, name: string, s: Schema): string[] {
  const problems: string[] = [];
  if (s.$ref || s.enum) return problems;
  if (s.type === 'string') {
    // An id that is not a UUID (the audit log's sequence number) says what it is with a pattern.
    if (ID_NAME.test(name) && s.format !== 'uuid' && !s.pattern) problems.push(`${where}: id without format uuid`);
    if (typeof s.example === 'string' && HH_MM.test(s.example)) {
      if (!s.pattern) problems.push(`${where}: HH:mm time without a pattern`);
    } else if (DATE_NAME.test(name) || (typeof s.example === 'string' && CIVIL_DATE.test(s.example))) {
      if (s.format !== 'date' && s.format !== 'date-time')
        problems.push(`${where}: date without format date/date-time`);
    }
    if (typeof s.example === 'string' && CIVIL_DATE.test(s.example) && s.format !== 'date') {
      problems.push(`${where}: example is a calendar date, format is ${s.format}`);
    }
    if (typeof s.example === 'string' && DATE_TIME.test(s.example) && s.format !== 'date-time') {
      problems.push(`${where}: example is a date-time, format is ${s.format}`);
    }
  }
  if (s.type === 'array' && s.items && IDS_NAME.test(name) && s.items.type === 'string' && s.items.format !== 'uuid') {
    problems.push(`${where}: ids without format uuid`);
  }
  return problems;
}

/** A property typed `object` with nothing said of its keys: the generated client reads it as `{}`. */
function undescribed(s: Schema): boolean {
  return (
    !s.$ref &&
    !s.allOf &&
    !s.oneOf &&
    !s.anyOf &&
    (s.type === undefined || s.type === 'object') &&
    !s.enum &&
    !(s.properties && Object.keys(s.properties).length) &&
    !s.additionalProperties
  );
}

function schemaProblems(where: string, s: Schema): string[] {
  const problems: string[] = [];
  for (const [name, p] of Object.entries(s.properties ?? {})) {
    if (undescribed(p)) problems.push(`${where}.${name}: no type nor properties`);
    if (p.type === 'array' && p.items && undescribed(p.items))
      problems.push(`${where}.${name}[]: no type nor properties`);
    problems.push(...formatProblems(`${where}.${name}`, name, p));
    problems.push(...schemaProblems(`${where}.${name}`, p));
  }
  if (s.items) problems.push(...schemaProblems(`${where}[]`, s.items));
  for (const sub of [...(s.allOf ?? []), ...(s.oneOf ?? []), ...(s.anyOf ?? [])]) {
    problems.push(...schemaProblems(where, sub));
  }
  if (typeof s.additionalProperties === 'object')
    problems.push(...schemaProblems(`${where}{}`, s.additionalProperties));
  return problems;
}

describe('OpenAPI document (issue #15)', () => {
  let t: TestApp;
  let doc: Document;
  let facts: Map<string, HandlerFacts>;
  const operations: { method: string; path: string; op: Operation }[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.raw().get('/api/docs-json').expect(200)).body as Document;
    facts = handlerFacts(t);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) operations.push({ method, path, op });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('documents every route the controllers declare, and only those', () => {
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.map((o) => o.op.operationId).sort()).toEqual([...facts.keys()].sort());
  });

  it('gives every operation a summary', () => {
    const missing = operations.filter((o) => !o.op.summary?.trim()).map((o) => `${o.method} ${o.path}`);
    expect(missing).toEqual([]);
  });

  it('gives every operation a success response with its schema and content type', () => {
    const problems: string[] = [];
    for (const { method, path, op } of operations) {
      const at = `${method.toUpperCase()} ${path}`;
      const handler = facts.get(op.operationId)!;
      const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (success.length !== 1) problems.push(`${at}: ${success.length} success responses`);
      for (const [status, response] of success) {
        const content = Object.entries(response.content ?? {});
        if (status === '204' || (status === '202' && !content.length)) {
          if (content.length) problems.push(`${at}: ${status} with a body`);
          continue;
        }
        if (!content.length) problems.push(`${at}: ${status} without content`);
        for (const [type, media] of content) {
          if (type === 'application/json') {
            if (!describes(doc, media.schema)) problems.push(`${at}: ${status} JSON without a schema`);
          } else if (media.schema?.type !== 'string') {
            problems.push(`${at}: ${status} ${type} without a string/binary schema`);
          }
        }
        const declared = content.map(([type]) => type);
        if (handler.contentType && !declared.includes(handler.contentType.split(';')[0].trim())) {
          problems.push(`${at}: answers ${handler.contentType}, declares ${declared.join(', ')}`);
        }
        if ((handler.streams || handler.contentType) && declared.includes('application/json')) {
          problems.push(`${at}: not JSON, but declares application/json`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('declares the error responses that apply, each with the error body', () => {
    const problems: string[] = [];
    for (const { method, path, op } of operations) {
      const at = `${method.toUpperCase()} ${path}`;
      const handler = facts.get(op.operationId)!;
      const statuses = new Set(Object.keys(op.responses));
      const need = (status: number, why: string) => {
        if (!statuses.has(String(status))) problems.push(`${at}: no ${status} (${why})`);
      };
      const params = op.parameters ?? [];
      if (params.length || op.requestBody) need(400, 'has a body or parameters');
      if (params.some((p) => p.in === 'path')) need(404, 'names a resource in its path');
      if (handler.isPublic) {
        if (op.security?.length) problems.push(`${at}: public, but declares a bearer token`);
      } else {
        if (!op.security?.some((s) => 'bearer' in s)) problems.push(`${at}: authenticated, no bearer security`);
        need(401, 'authenticated');
        need(403, 'authenticated');
        if (WRITES.has(method)) need(429, "a parent's writes are rate-limited");
      }
      for (const [status, response] of Object.entries(op.responses)) {
        if (!/^4\d\d$/.test(status)) continue;
        if (response.content?.['application/json']?.schema?.$ref !== ERROR_REF) {
          problems.push(`${at}: ${status} without the error body`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('describes the error body as the error filter sends it', () => {
    const error = doc.components.schemas.ErrorResponseDto as Schema & { required?: string[] };
    expect(error.required?.sort()).toEqual(['code', 'message', 'requestId', 'statusCode']);
    expect(Object.keys(error.properties ?? {}).sort()).toEqual([
      'code',
      'details',
      'message',
      'requestId',
      'statusCode',
    ]);
  });

  it('gives every property a type, ids format uuid, dates format date or date-time, and HH:mm times a pattern', () => {
    const problems: string[] = [];
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      problems.push(...schemaProblems(name, schema));
    }
    for (const { method, path, op } of operations) {
      for (const p of op.parameters ?? []) {
        if (p.schema)
          problems.push(...formatProblems(`${method.toUpperCase()} ${path} ${p.in} ${p.name}`, p.name, p.schema));
      }
      for (const [status, response] of Object.entries(op.responses)) {
        for (const media of Object.values(response.content ?? {})) {
          if (media.schema) problems.push(...schemaProblems(`${op.operationId} ${status}`, media.schema));
        }
      }
      for (const media of Object.values(op.requestBody?.content ?? {})) {
        if (media.schema) problems.push(...schemaProblems(`${op.operationId} body`, media.schema));
      }
    }
    expect(problems).toEqual([]);
  });

  it('fails on what it must catch (the checks above are not vacuous)', () => {
    expect(formatProblems('x', 'crecheId', { type: 'string' })).toHaveLength(1);
    expect(formatProblems('x', 'id', { type: 'string', format: 'uuid' })).toHaveLength(0);
    expect(formatProblems('x', 'startDate', { type: 'string' })).toHaveLength(1);
    expect(formatProblems('x', 'createdAt', { type: 'string', format: 'date-time' })).toHaveLength(0);
    expect(formatProblems('x', 'start', { type: 'string', example: '07:30' })).toHaveLength(1);
    expect(formatProblems('x', 'userIds', { type: 'array', items: { type: 'string' } })).toHaveLength(1);
    expect(describes(doc, { type: 'object' })).toBe(false);
    expect(schemaProblems('x', { type: 'object', properties: { commune: { type: 'object' } } })).toHaveLength(1);
    expect(schemaProblems('x', { type: 'object', properties: { fee: {} } })).toHaveLength(1);
    expect(
      schemaProblems('x', { type: 'object', properties: { trace: { type: 'array', items: { type: 'object' } } } }),
    ).toHaveLength(1);
    expect(describes(doc, {})).toBe(false);
  });
});
