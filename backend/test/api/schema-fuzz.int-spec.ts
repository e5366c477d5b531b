/**
 * Schema-driven fuzzing of the whole HTTP API (issue 12). Requests are generated with fast-check
 * from the committed OpenAPI document (backend/openapi/openbell-api.json, kept equal to the live one
 * by openapi-drift.int-spec.ts): every route, every role (operator, viewer, no token, a forged
 * token), values drawn from each parameter's and body's schema mixed with a fixed set of hostile
 * values (NUL and control characters, zero-width and bidi characters, huge and exponent numbers,
 * impossible dates and cursors, deep nesting, prototype keys, 1 MB strings).
 *
 * Invariants, for every request:
 * 1. never a 5xx;
 * 2. every 4xx is the documented JSON error `{statusCode, error, message, requestId}`, and a 400
 *    names the field (or the body) it refuses;
 * 3. a refused request changes nothing: toggles, targets, audit trail, orders, runs, and the
 *    sandbox broker's record of requests.
 *
 * FUZZ_SEED and FUZZ_RUNS reproduce or extend a run (`FUZZ_RUNS=20000 npm test -w backend --
 * test/api/schema-fuzz.int-spec.ts`). Counterexamples found are kept as plain regression tests in
 * hardening.int-spec.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Client } from 'pg';
import request from 'supertest';
import { AdminUsersService } from '../../src/auth/admin-users.service';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/http-server';
import { bootTestApp, type TestApp } from '../support/app';
import { createMigratedDatabase } from '../support/database';

const DOCUMENT = join(__dirname, '../../openapi/openbell-api.json');
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

const OPERATOR = { email: 'fuzz-op@example.com', password: 'Fuzz-operator-pass1' };
const VIEWER = { email: 'fuzz-viewer@example.com', password: 'Fuzz-viewer-pass12' };

type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  oneOf?: Schema[];
};
interface Parameter {
  in: 'query' | 'path' | 'header';
  name: string;
  schema: Schema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: Schema;
}

const document = JSON.parse(readFileSync(DOCUMENT, 'utf8')) as {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content: Record<string, { schema: Schema }> };
      }
    >
  >;
  components: { schemas: Record<string, Schema> };
};

const resolve = (schema: Schema): Schema =>
  schema.$ref
    ? resolve(document.components.schemas[schema.$ref.replace('#/components/schemas/', '')])
    : schema;

const operations: Operation[] = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({
    method: method.toUpperCase(),
    path,
    parameters: op.parameters ?? [],
    body: op.requestBody?.content['application/json']?.schema,
  })),
);

/** Every field name a route knows: a 400 must name one of them (or the body itself). */
function fieldNames(operation: Operation): string[] {
  const names = new Set(['body', 'property']);
  operation.parameters.forEach((p) => names.add(p.name));
  const walk = (schema: Schema | undefined, depth: number) => {
    if (!schema || depth > 5) return;
    const s = resolve(schema);
    for (const [name, child] of Object.entries(s.properties ?? {})) {
      names.add(name);
      walk(child, depth + 1);
    }
    if (s.items) walk(s.items, depth + 1);
  };
  walk(operation.body, 0);
  return [...names];
}

/** The keys a client sent (an unknown field is named by its own key). */
function keysOf(value: unknown, depth = 0): string[] {
  if (typeof value !== 'object' || value === null || depth > 50) return [];
  return Object.entries(value).flatMap(([key, child]) => [key, ...keysOf(child, depth + 1)]);
}

// --- hostile values -------------------------------------------------------------------------

const nested = (depth: number): unknown => (depth === 0 ? 'x' : [nested(depth - 1)]);
const deepObject = (depth: number): unknown => (depth === 0 ? 'x' : { a: deepObject(depth - 1) });
const cursorOf = (at: unknown, id: unknown) =>
  Buffer.from(JSON.stringify([at, id])).toString('base64url');

const IMPOSSIBLE_DATES = [
  '2026-13-01',
  '2026-02-30',
  '0000-01-01',
  '2026-00-10',
  '2026-W05-1',
  '2026-032',
  '2026-01-01T25:00:00Z',
  '2026-01-01T00:00:00+99:00',
  '2026-01-01T00:00:00+15:59',
  '99999-01-01',
  '2026-1-1',
  '',
];
const HOSTILE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\u0007bell',
  '\u001b[31mred',
  '\u200b\u200b',
  '\u2060',
  '\ufeff',
  'ok\u202e',
  '\ud800',
  '  ',
  "' OR 1=1 --",
  '%00',
  '../../etc/passwd',
  '9'.repeat(40),
  '1e-7',
  '-0',
  'NaN',
  'null',
  ...IMPOSSIBLE_DATES,
  'x'.repeat(10_000),
];
const HOSTILE_NUMBERS = [
  1e-7,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  -0,
  0,
  -1,
  1.0000001,
  0.1 + 0.2,
];
const HOSTILE_BODY_VALUES: unknown[] = [
  null,
  true,
  [],
  {},
  ['a', 'b'],
  nested(40),
  deepObject(40),
  JSON.parse('{"__proto__":{"polluted":true}}'),
  { constructor: { prototype: { polluted: true } } },
  'x'.repeat(1_000_000),
];

/** Each class of hostile value equally likely, whatever the size of its list. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS.slice(0, 9)), // control, invisible, surrogate characters
  fc.constantFrom(...HOSTILE_STRINGS.slice(9)), // injection, numbers as text, dates, 10 kB
  fc.constantFrom(...IMPOSSIBLE_DATES),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(...HOSTILE_BODY_VALUES),
  fc.constant(null),
);

// --- arbitraries from schemas ---------------------------------------------------------------

const anyText = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

/** Plausible values for fields the schema only calls "string", by name. */
function byName(name: string): fc.Arbitrary<unknown> | null {
  switch (name) {
    case 'email':
    case 'actor':
      return fc.oneof(
        fc.emailAddress(),
        fc.constantFrom(OPERATOR.email, VIEWER.email, 'A@B.C', 'no-at-sign', 'a@b@c'),
      );
    case 'symbol':
      return fc.oneof(
        fc.stringMatching(/^[A-Z][A-Z0-9.]{0,9}$/),
        fc.constantFrom('SPY', 'brk.b', 'TOO-LONG-SYMBOL'),
      );
    case 'weight':
      return fc.oneof(
        fc.double({ min: 0, max: 1.2, noNaN: true }),
        fc.integer({ min: 0, max: 10_000 }).map((n) => n / 10_000),
      );
    case 'reason':
      return fc.oneof(fc.constantFrom('drill', 'fuzz reason'), anyText);
    case 'cursor':
      return fc.oneof(
        fc
          .tuple(
            fc.oneof(
              fc
                .date({
                  min: new Date('0001-01-01'),
                  max: new Date('9999-12-31'),
                  noInvalidDate: true,
                })
                .map((d) => d.toISOString().replace('T', ' ').replace('Z', '+00')),
              fc.constantFrom(...IMPOSSIBLE_DATES.map((d) => `${d} 00:00:00+00`)),
              fc.constantFrom('2026-01-01 00:00:00+99', '2026-01-01 00:00:00.1234567+00'),
            ),
            fc.oneof(
              fc.uuid(),
              fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String),
              fc.constantFrom('-1', '1.5', '', '9223372036854775808'),
            ),
          )
          .map(([at, id]) => cursorOf(at, id)),
        fc.base64String({ maxLength: 40 }),
        anyText,
      );
    case 'from':
    case 'to':
      return fc.oneof(
        fc
          .date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString()),
        fc
          .date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10)),
        fc.constantFrom(...IMPOSSIBLE_DATES),
      );
    case 'action':
      return fc.oneof(
        fc.constantFrom('toggles.update', 'orders.cancel_all', 'BAD ACTION'),
        anyText,
      );
    case 'currentPassword':
    case 'newPassword':
    case 'password':
      return fc.oneof(fc.constantFrom('password', 'Long-enough-Passw0rd-x'), anyText);
    default:
      return null;
  }
}

function arbitraryFor(schema: Schema, name: string, depth: number): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  let plausible: fc.Arbitrary<unknown>;
  if (s.enum) plausible = fc.constantFrom(...s.enum);
  else if (s.oneOf) plausible = fc.oneof(...s.oneOf.map((o) => arbitraryFor(o, name, depth)));
  else if (byName(name)) plausible = byName(name)!;
  else
    switch (s.type) {
      case 'boolean':
        plausible = fc.boolean();
        break;
      case 'number':
      case 'integer':
        plausible = fc.oneof(
          fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1000 }),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
        );
        break;
      case 'array':
        plausible =
          depth > 4
            ? fc.constant([])
            : fc.array(arbitraryFor(s.items ?? {}, name, depth + 1), { maxLength: 4 });
        break;
      case 'object': {
        if (depth > 4 || !s.properties) {
          plausible = fc.constant({});
          break;
        }
        const fields = Object.fromEntries(
          Object.entries(s.properties).map(([key, child]) => [
            key,
            arbitraryFor(child, key, depth + 1),
          ]),
        );
        // Mostly with every required field, so the hostile value in one field is what is judged.
        const record = fc.oneof(
          { weight: 4, arbitrary: fc.record(fields, { requiredKeys: s.required ?? [] }) },
          { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) },
        );
        plausible = fc
          .tuple(record, fc.option(fc.constantFrom('isAdmin', 'extra', '__proto__', 'a\u0000b')))
          .map(([value, extra]) =>
            extra === null ? value : JSON.parse(JSON.stringify({ ...value, [extra]: true })),
          );
        break;
      }
      default:
        plausible = anyText;
    }
  return fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 1, arbitrary: hostileValue });
}

/** Query values are strings (or repeated: arrays); hostile ones stay short enough for a URL. */
const queryValue = (p: Parameter): fc.Arbitrary<string | string[] | undefined> =>
  fc
    .option(
      fc.oneof(
        { weight: 6, arbitrary: arbitraryFor(p.schema, p.name, 0).map(String) },
        {
          weight: 1,
          arbitrary: fc.array(fc.constantFrom('1', 'a', '\u0000'), { minLength: 2, maxLength: 3 }),
        },
      ),
      { nil: undefined },
    )
    .map((v) => (typeof v === 'string' && v.length > 4_000 ? v.slice(0, 4_000) : v));

type Role = 'operator' | 'viewer' | 'none' | 'forged';

interface GeneratedRequest {
  operation: Operation;
  role: Role;
  path: string;
  query: Record<string, string | string[]>;
  body: { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string };
  clientIp: string;
}

const requestArbitrary: fc.Arbitrary<GeneratedRequest> = fc
  .constantFrom(...operations)
  .chain((operation) => {
    const pathParams = operation.parameters.filter((p) => p.in === 'path');
    const queryParams = operation.parameters.filter((p) => p.in === 'query');
    return fc.record({
      operation: fc.constant(operation),
      role: fc.constantFrom<Role>('operator', 'operator', 'operator', 'viewer', 'none', 'forged'),
      path: fc
        .tuple(
          ...pathParams.map((p) =>
            fc.oneof(fc.uuid(), arbitraryFor(p.schema, p.name, 0).map(String)),
          ),
        )
        .map((values) =>
          pathParams.reduce(
            (path, p, i) =>
              path.replace(
                `{${p.name}}`, // Lone surrogates become U+FFFD, as any HTTP client would send them.
                encodeURIComponent(Buffer.from(values[i].slice(0, 200)).toString()),
              ),
            operation.path,
          ),
        ),
      query: fc
        .tuple(...queryParams.map(queryValue), fc.option(fc.constantFrom('sort', '__proto__')))
        .map((values) => {
          const query: Record<string, string | string[]> = {};
          queryParams.forEach((p, i) => {
            if (values[i] !== undefined) query[p.name] = values[i]!;
          });
          const extra = values[queryParams.length] as string | null;
          if (extra) query[extra] = '1';
          return query;
        }),
      body: operation.body
        ? fc.oneof(
            {
              weight: 8,
              arbitrary: arbitraryFor(operation.body, 'body', 0).map((value) => ({
                kind: 'json' as const,
                value,
              })),
            },
            {
              weight: 1,
              arbitrary: fc
                .constantFrom('{"reason": "x",', '[', '{"a":1}{"b":2}', 'null')
                .map((text) => ({ kind: 'raw' as const, text })),
            },
            { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
          )
        : fc.constant({ kind: 'none' as const }),
      clientIp: fc.ipV4(),
    });
  });

describe('schema-driven fuzzing of the API', () => {
  let sandbox: RunningSandbox;
  let app: TestApp;
  let db: Client;
  const tokens: Record<Role, string | null> = {
    operator: null,
    viewer: null,
    none: null,
    forged: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDAifQ.',
  };

  beforeAll(async () => {
    sandbox = await startSandboxServer({ fillDelayMs: 3_600_000 });
    // A Sunday: manual runs skip at the gate quickly; previews still read the broker.
    sandbox.control.setClock({ at: '2026-11-22T15:00:00Z' });
    const url = await createMigratedDatabase('fuzz');
    app = await bootTestApp(url, {
      APP_ROLE: 'web',
      ALPACA_BASE_URL: sandbox.url,
      ALPACA_RATE_LIMIT_PER_MINUTE: '100000',
      TRADING_ENABLED: 'true',
      RECONCILE_DEADLINE_SECONDS: '1',
      RECONCILE_POLL_MS: '50',
      LOG_LEVEL: 'silent',
    });
    const accounts = app.app.get(AdminUsersService);
    await accounts.create(OPERATOR.email, 'operator', OPERATOR.password);
    await accounts.create(VIEWER.email, 'viewer', VIEWER.password);
    for (const [role, who] of [
      ['operator', OPERATOR],
      ['viewer', VIEWER],
    ] as const)
      tokens[role] = (
        await request(app.url)
          .post('/api/auth/login')
          .set('x-forwarded-for', '192.0.2.1')
          .send(who)
          .expect(200)
      ).body.accessToken as string;
    db = new Client({ connectionString: url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await app?.shutdown();
    await sandbox?.close();
  });

  /** What a refused request must not change, in one round trip. */
  const state = async () => {
    const digest = (table: string) =>
      `(SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '-') FROM ${table} t)`;
    const { rows } = await db.query<Record<string, string>>(
      `SELECT ${['toggle', 'strategy_target', 'audit_event', 'order_intent', 'job_run']
        .map((t) => `${digest(t)} AS ${t}`)
        .join(', ')}`,
    );
    return { ...rows[0], brokerRequests: sandbox.control.requests.length };
  };

  const statuses: Record<number, number> = {};

  /** Sends one request and throws when an invariant does not hold; returns the status. */
  const check = async (generated: GeneratedRequest): Promise<number> => {
    const { operation, role, path, query, body, clientIp } = generated;
    const before = await state();
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query))
      for (const v of [value].flat()) search.append(key, v);
    const headers: Record<string, string> = { 'x-forwarded-for': clientIp };
    if (tokens[role]) headers.authorization = `Bearer ${tokens[role]}`;
    let payload: string | undefined;
    if (body.kind !== 'none') {
      headers['content-type'] = 'application/json';
      payload = body.kind === 'json' ? JSON.stringify(body.value) : body.text;
    }
    const res = await fetch(`${app.url}${path}${search.size ? `?${search}` : ''}`, {
      method: operation.method,
      headers,
      body: payload,
    });
    const text = await res.text();
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    const where = `${operation.method} ${path}?${search} as ${role}: ${res.status} ${text.slice(0, 300)}`;

    // 1. never a 5xx (terminus's 503 on /health/* is its documented answer, not an error)
    if (res.status >= 500 && !path.startsWith('/health/')) throw new Error(`5xx: ${where}`);
    if (res.status < 400) return res.status;

    // 2. the documented JSON error, a 400 naming the field
    if (!/^application\/json/.test(res.headers.get('content-type') ?? ''))
      throw new Error(`not JSON: ${where}`);
    if (!path.startsWith('/health/')) {
      const error = JSON.parse(text) as Record<string, unknown>;
      const message = error.message;
      const shaped =
        error.statusCode === res.status &&
        typeof error.error === 'string' &&
        typeof error.requestId === 'string' &&
        (typeof message === 'string' ||
          (Array.isArray(message) && message.every((m) => typeof m === 'string')));
      if (!shaped) throw new Error(`undocumented error shape: ${where}`);
      if (res.status === 400) {
        const said = [message].flat().join(' ');
        const named = [
          ...fieldNames(operation),
          ...Object.keys(query),
          ...(body.kind === 'json' ? keysOf(body.value) : []),
        ];
        if (!named.some((name) => said.includes(name)))
          throw new Error(`400 names no field: ${where}`);
      }
    }

    // 3. a refused request changed nothing
    const after = await state();
    if (JSON.stringify(after) !== JSON.stringify(before))
      throw new Error(
        `refused request changed state: ${where}\nbefore ${JSON.stringify(before)}\nafter  ${JSON.stringify(after)}`,
      );
    return res.status;
  };

  it(`keeps its invariants over ${RUNS} generated requests (seed ${SEED})`, async () => {
    let sent = 0;
    const seen: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(requestArbitrary, async (generated) => {
        const status = await check(generated);
        sent++;
        seen[status] = (seen[status] ?? 0) + 1;
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(sent).toBeGreaterThanOrEqual(RUNS);
    // The generator reaches past authentication and validation, not only 401s.
    expect(seen[200] ?? 0).toBeGreaterThan(RUNS / 20);
    expect(seen[400] ?? 0).toBeGreaterThan(RUNS / 20);
  }, 600_000);

  it('keeps them with every hostile value in every field of every route, the others valid', async () => {
    let sent = 0;
    const failures: string[] = [];
    for (const [label, generated] of hostileSweep()) {
      try {
        await check(generated);
      } catch (error) {
        failures.push(`${label}: ${(error as Error).message.split('\n')[0].slice(0, 160)}`);
      }
      sent++;
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(500);
  }, 600_000);
});

/** A valid value for a field, so that the one hostile field is what a request is judged on. */
function validFor(schema: Schema, name: string): unknown {
  const s = resolve(schema);
  const known: Record<string, unknown> = {
    reason: 'fuzz sweep',
    email: OPERATOR.email,
    password: 'not-the-password',
    currentPassword: 'not-the-password',
    newPassword: 'Another-strong-pass-9',
    symbol: 'SPY',
    weight: 0.25,
  };
  if (name in known) return known[name];
  if (s.enum) return s.enum[0];
  switch (s.type) {
    case 'boolean':
      return true;
    case 'number':
    case 'integer':
      return s.minimum ?? 1;
    case 'array':
      return [validFor(s.items ?? {}, name)];
    case 'object':
      return Object.fromEntries(
        Object.entries(s.properties ?? {})
          .filter(([key]) => (s.required ?? []).includes(key))
          .map(([key, child]) => [key, validFor(child, key)]),
      );
    default:
      return 'x';
  }
}

/** Cursors in our own encoding around timestamps and ids PostgreSQL refuses. */
const HOSTILE_CURSORS = [
  ...[
    '2026-13-01 00:00:00+00',
    '2026-02-30 00:00:00+00',
    '0000-01-01 00:00:00+00',
    '2026-01-01 00:00:00+99',
    '2026-01-01 24:00:00+00',
  ].map((at) => cursorOf(at, '00000000-0000-4000-8000-000000000000')),
  ...['9223372036854775808', '9999999999999999999'].map((id) =>
    cursorOf('2026-01-01 00:00:00+00', id),
  ),
];

const show = (value: unknown) => JSON.stringify(value)?.slice(0, 40) ?? String(value);

/** Every hostile value in every parameter and body field (one level into arrays of objects). */
function* hostileSweep(): Generator<[string, GeneratedRequest]> {
  const values = [...HOSTILE_STRINGS, ...HOSTILE_NUMBERS, ...HOSTILE_BODY_VALUES, null];
  let n = 0;
  const base = (operation: Operation): GeneratedRequest => ({
    operation,
    role: 'operator',
    path: operation.path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000'),
    query: {},
    body: operation.body
      ? { kind: 'json', value: validFor(operation.body, 'body') }
      : { kind: 'none' },
    clientIp: `192.0.2.${(n++ % 250) + 1}`,
  });
  for (const operation of operations) {
    for (const parameter of operation.parameters)
      for (const value of parameter.name === 'cursor' ? [...values, ...HOSTILE_CURSORS] : values) {
        const text = typeof value === 'string' ? value.slice(0, 4_000) : JSON.stringify(value);
        const request = base(operation);
        if (parameter.in === 'query') request.query = { [parameter.name]: text };
        else if (parameter.in === 'path')
          request.path = operation.path.replace(
            `{${parameter.name}}`,
            encodeURIComponent(Buffer.from(text.slice(0, 200)).toString()),
          );
        yield [`${operation.method} ${operation.path} ${parameter.name}=${show(value)}`, request];
      }
    if (!operation.body) continue;
    const schema = resolve(operation.body);
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      // 5,000 levels: sent as text (building it as a value would overflow this test's own stack).
      const deep = base(operation);
      deep.body = {
        kind: 'raw',
        text: JSON.stringify(validFor(operation.body, 'body')).replace(
          /}$/,
          `,"${key}":${'['.repeat(5_000)}${']'.repeat(5_000)}}`,
        ),
      };
      yield [`${operation.method} ${operation.path} ${key} nested 5,000 levels`, deep];
      for (const value of values) {
        const request = base(operation);
        const valid = validFor(operation.body, 'body') as Record<string, unknown>;
        request.body = { kind: 'json', value: { ...valid, [key]: value } };
        yield [`${operation.method} ${operation.path} ${key}=${show(value)}`, request];
        const item = resolve(child).items && resolve(resolve(child).items!);
        for (const inner of Object.keys(item?.properties ?? {})) {
          const nestedRequest = base(operation);
          const first = validFor(item!, key) as Record<string, unknown>;
          nestedRequest.body = {
            kind: 'json',
            value: { ...valid, [key]: [{ ...first, [inner]: value }] },
          };
          yield [
            `${operation.method} ${operation.path} ${key}.0.${inner}=${show(value)}`,
            nestedRequest,
          ];
        }
      }
    }
  }
}
