import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { operationName, type JsonSchema, type Operation, type Parameter } from './openapi-operations';

/** One request of the fuzz run: everything but the caller's credentials is fixed by the seed. */
export interface FuzzRequest {
  operation: string;
  service: Operation['service'];
  /** What was spoiled, e.g. `json.deep` or `auth.none`. */
  kind: string;
  method: string;
  /** The request target as sent on the request line (already percent-encoded, or deliberately not). */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** The role whose credentials the runner adds; undefined sends none. */
  actAs?: string;
  /** Credentials were left out or spoiled: only 401 or 403 will do. */
  expectsDenial: boolean;
}

type Mutation = Pick<FuzzRequest, 'kind'> & Partial<Pick<FuzzRequest, 'target' | 'headers' | 'body' | 'actAs' | 'expectsDenial'>>;

// --- Values --------------------------------------------------------------------------------------

const char = (from: number, to: number) => fc.integer({ min: from, max: to }).map((code) => String.fromCharCode(code));

/** Text that breaks assumptions: NUL and other control characters, lone surrogates, bidi overrides, odd forms. */
export const oddText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\u0000'.repeat(64),
    '\ud800',
    'x\udfffy',
    '\ud83d',
    '\u202eevil\u202c',
    '\u200b\u200c\u200d',
    '\ufeff',
    '\uffff\ufffe',
    '😀'.repeat(300),
    'e\u0301'.repeat(500),
    '\u0085\u2028\u2029',
    ' ',
    '    ',
    '\t\n\r\u000b\u000c',
    "' OR '1'='1' --",
    '%',
    '%00',
    '\\',
    '"',
    '{}',
    'null',
    'NaN',
    '-0',
    '1e309',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '${jndi:ldap://x/a}',
    '\u001b[31mred',
    '__proto__',
    'constructor',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.oneof(char(0, 0x1f), fc.constant('\u007f')), minLength: 1, maxLength: 20 }),
  fc.string({ unit: char(0xd800, 0xdfff), minLength: 1, maxLength: 8 }),
);

const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });

/** A string longer than `maxLength` allows (up to far past the body limit). */
const oversizedText = (schema: JsonSchema): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: (schema.maxLength ?? 256) + 1, max: (schema.maxLength ?? 256) * 4 + 1 }).map((length) => 'x'.repeat(length)) },
    { weight: 1, arbitrary: fc.integer({ min: 20_000, max: 60_000 }).map((length) => '字'.repeat(length)) },
  );

const typesOf = (schema: JsonSchema): string[] => {
  if (schema.const !== undefined) return [typeof schema.const];
  if (schema.enum) return [...new Set(schema.enum.map((value) => (value === null ? 'null' : typeof value)))];
  const declared = typeof schema.type === 'string' ? [schema.type] : (schema.type ?? []);
  return declared.flatMap((type) => (type === 'integer' ? ['integer', 'number'] : [type]));
};

/** A value of a type the schema does not allow, or out of its range. */
export function wrongValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const allowed = typesOf(schema);
  const candidates: [string, fc.Arbitrary<unknown>][] = [
    ['string', fc.string({ maxLength: 10 })],
    ['number', fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, -0))],
    ['boolean', fc.boolean()],
    ['null', fc.constant(null)],
    ['array', fc.array(anyJson, { maxLength: 3 })],
    ['object', fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 })],
  ];
  const wrong = candidates.filter(([type]) => !allowed.includes(type) && !(allowed.length === 0 && type === 'object')).map(([, arbitrary]) => arbitrary);
  const outOfRange: fc.Arbitrary<unknown>[] = [];
  if (allowed.includes('number')) {
    if (schema.minimum !== undefined) outOfRange.push(fc.constantFrom(schema.minimum - 1, schema.minimum - 1e-9, -1e308));
    if (schema.maximum !== undefined) outOfRange.push(fc.constantFrom(schema.maximum + 1, schema.maximum + 1e-9, 1e308));
    if (allowed.includes('integer')) outOfRange.push(fc.constantFrom(0.5, 1.000001));
  }
  if (schema.enum && allowed.includes('string')) outOfRange.push(fc.constantFrom('', 'UNKNOWN', `${String(schema.enum[0])} `.toUpperCase()));
  return fc.oneof(...wrong, ...outOfRange);
}

/** A value the schema accepts (the baseline a mutation spoils). */
export function validValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches) return fc.oneof(...branches.map(validValue));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type ?? '') {
    case 'string':
      if (schema.format === 'uuid') return fc.uuid({ version: 4 });
      if (schema.format === 'date-time') return fc.date({ min: new Date('2024-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((date) => date.toISOString());
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((value) => value.length <= (schema.maxLength ?? 100) && value.trim() === value && value.length > 0);
      return fc.stringMatching(/^[a-z][a-z ]{0,18}[a-z]$/).map((value) => value.slice(0, schema.maxLength ?? 20));
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validValue(schema.items ?? {}), { maxLength: 2 });
    case 'object': {
      const properties = schema.properties ?? {};
      const record = Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, validValue(property)]));
      return fc.record(record, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
    }
    default:
      return fc.constant({});
  }
}

// --- Bodies --------------------------------------------------------------------------------------

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const JSON_TYPE = { 'content-type': 'application/json' };

/** Where a value can be put in a body: `[]` is the root, `['reporter', 'name']` a nested field. */
function fieldPaths(schema: JsonSchema, prefix: string[] = []): { path: string[]; schema: JsonSchema }[] {
  const branch = schema.oneOf?.[schema.oneOf.length - 1] ?? schema.anyOf?.[0] ?? schema;
  return Object.entries(branch.properties ?? {}).flatMap(([key, property]) => [{ path: [...prefix, key], schema: property }, ...fieldPaths(property, [...prefix, key])]);
}

function withField(body: unknown, path: string[], value: unknown): unknown {
  const root: Record<string, unknown> = typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : {};
  let node = root;
  for (const key of path.slice(0, -1)) {
    const child = node[key];
    node[key] = typeof child === 'object' && child !== null && !Array.isArray(child) ? { ...(child as Record<string, unknown>) } : {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] ?? 'x'] = value;
  return root;
}

function withoutField(body: unknown, key: string): unknown {
  const { [key]: _removed, ...rest } = body as Record<string, unknown>;
  return rest;
}

const deepText = fc.oneof(
  fc.integer({ min: 33, max: 500 }),
  fc.integer({ min: 1_000, max: 60_000 }),
).chain((depth) =>
  fc.constantFrom(
    `${'['.repeat(depth)}${']'.repeat(depth)}`,
    `${'{"a":'.repeat(Math.min(depth, 20_000))}1${'}'.repeat(Math.min(depth, 20_000))}`,
    `${'[{"a":'.repeat(Math.min(depth, 12_000))}0${'}]'.repeat(Math.min(depth, 12_000))}`,
  ),
);

const brokenJsonText = (valid: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.integer({ min: 0, max: Math.max(0, valid.length - 1) }).map((at) => valid.slice(0, at)),
    fc.tuple(fc.integer({ min: 1, max: Math.max(1, valid.length - 1) }), fc.constantFrom('{', '}', '[', ']', ':', '"', '\\', "'", '\u0000', '\u0001'))
      .map(([at, insert]) => `${valid.slice(0, at)}${insert}${valid.slice(at)}`),
    fc.constant(valid.replaceAll('"', "'")),
    fc.constant(`${valid},`),
    fc.constant(`${valid}${valid}`),
    fc.constantFrom('{', '}', '{"a":}', '[1,]', '{"a":1,}', 'NaN', 'undefined', '{"a":01}', '{"a":"\\x41"}', '{"a":"\\ud800"', '/* c */{}', '{"a":1e999999}', '"\\u0000"'),
  );

const DEEP_PLACEHOLDER = '__deep__';

// A gzip bomb: 2 MB of zeros in 2 KB; the limit applies to the inflated body.
const GZIP_BOMB = gzipSync(Buffer.alloc(2_000_000));

function bodyMutations(operation: Operation, baseline: fc.Arbitrary<unknown>): fc.WeightedArbitrary<Mutation>[] {
  const schema = operation.body?.schema ?? {};
  const fields = fieldPaths(schema);
  const requiredKeys = schema.required ?? [];
  const field = fields.length > 0 ? fc.constantFrom(...fields) : fc.constant({ path: ['x'] as string[], schema: {} as JsonSchema });
  const textFields = fields.filter((candidate) => typesOf(candidate.schema).includes('string'));
  const textField = textFields.length > 0 ? fc.constantFrom(...textFields) : field;
  const mutation = (weight: number, kind: string, arbitrary: fc.Arbitrary<Omit<Mutation, 'kind'>>): fc.WeightedArbitrary<Mutation> => ({
    weight,
    arbitrary: arbitrary.map((spoiled) => ({ kind, ...spoiled })),
  });
  const list: fc.WeightedArbitrary<Mutation>[] = [
    mutation(3, 'json.broken', baseline.chain((body) => brokenJsonText(JSON.stringify(body))).map((text) => ({ body: Buffer.from(text), headers: JSON_TYPE }))),
    mutation(2, 'json.deep', deepText.map((text) => ({ body: Buffer.from(text), headers: JSON_TYPE }))),
    mutation(
      2,
      'json.deep-field',
      fc.tuple(baseline, field, fc.integer({ min: 40, max: 40_000 })).map(([body, { path }, depth]) => ({
        body: Buffer.from(JSON.stringify(withField(body, path, DEEP_PLACEHOLDER)).replace(`"${DEEP_PLACEHOLDER}"`, `${'['.repeat(depth)}0${']'.repeat(depth)}`)),
        headers: JSON_TYPE,
      })),
    ),
    mutation(4, 'json.wrong-type', fc.tuple(baseline, field).chain(([body, { path, schema: s }]) => wrongValue(s).map((value) => ({ body: json(withField(body, path, value)), headers: JSON_TYPE })))),
    mutation(2, 'json.wrong-root', fc.oneof(fc.array(anyJson, { maxLength: 3 }), fc.string(), fc.double(), fc.boolean(), fc.constant(null)).map((value) => ({ body: json(value), headers: JSON_TYPE }))),
    mutation(3, 'json.odd-text', fc.tuple(baseline, textField, oddText).map(([body, { path }, text]) => ({ body: json(withField(body, path, text)), headers: JSON_TYPE }))),
    mutation(2, 'json.oversized-field', fc.tuple(baseline, textField).chain(([body, { path, schema: s }]) => oversizedText(s).map((text) => ({ body: json(withField(body, path, text)), headers: JSON_TYPE })))),
    mutation(
      2,
      'json.unknown-field',
      fc.tuple(baseline, fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype', '', '\u0000')), anyJson).map(([body, key, value]) => ({
        body: Buffer.from(JSON.stringify(body).replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify(value)},`).replace(/,}$/, '}')),
        headers: JSON_TYPE,
      })),
    ),
    mutation(1, 'json.many-keys', baseline.map((body) => ({ body: json({ ...(body as object), ...Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i])) }), headers: JSON_TYPE }))),
    mutation(1, 'body.too-large', fc.integer({ min: 140_000, max: 200_000 }).map((length) => ({ body: json({ description: 'x'.repeat(length) }), headers: JSON_TYPE }))),
    mutation(1, 'body.gzip-bomb', fc.constant({ body: GZIP_BOMB, headers: { ...JSON_TYPE, 'content-encoding': 'gzip' } })),
    mutation(
      1,
      'body.bad-encoding',
      fc.tuple(fc.constantFrom('gzip', 'deflate', 'br', 'bogus', 'gzip, gzip', 'identity, x'), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([encoding, bytes]) => ({
        body: Buffer.from(bytes),
        headers: { ...JSON_TYPE, 'content-encoding': encoding },
      })),
    ),
    mutation(1, 'body.invalid-utf8', fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({ body: Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe, 0xc0]), Buffer.from(bytes), Buffer.from('"}')]), headers: JSON_TYPE }))),
    mutation(
      2,
      'content-type',
      fc.tuple(
        baseline,
        fc.constantFrom(
          'text/plain',
          'application/xml',
          'multipart/form-data; boundary=x',
          'application/octet-stream',
          'application/json; charset=utf-16',
          'application/json; charset=koi8-r',
          'application/json; charset=bogus',
          'application/jsonx',
          'application/*',
          '*/*',
          'application/json;;;',
          'text/json',
          '',
          'application/x-www-form-urlencoded; charset=iso-8859-1',
        ),
      ).map(([body, contentType]) => ({ body: json(body), headers: { 'content-type': contentType } })),
    ),
    mutation(
      2,
      'form',
      fc
        .constantFrom(
          'a[b][c][d][e][f][g][h][i]=1',
          'description=%00&type=complaint&channel=phone',
          'description[]=a&description[]=b',
          'description[__proto__][x]=1',
          '%=%&%ZZ=1',
          '&&&==&=',
          Array.from({ length: 2_000 }, (_, i) => `p${i}=${i}`).join('&'),
          'reached=true&resolved=yes',
        )
        .map((form) => ({ body: Buffer.from(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } })),
    ),
  ];
  if (requiredKeys.length > 0) {
    list.push(mutation(2, 'json.missing-field', fc.tuple(baseline, fc.constantFrom(...requiredKeys)).map(([body, key]) => ({ body: json(withoutField(body, key)), headers: JSON_TYPE }))));
  }
  return list;
}

// --- Targets: path and query ----------------------------------------------------------------------

/** Percent-encodes the UTF-8 of any string; unlike encodeURIComponent it takes lone surrogates too (as U+FFFD). */
const percentEncode = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

const badPathSegment: fc.Arbitrary<string> = fc.oneof(
  oddText.map(percentEncode),
  fc.constantFrom(
    '%ZZ',
    '%',
    '%E0%A4%A',
    '%ED%A0%80',
    '%C0%AF',
    '%2e%2e',
    '..',
    '.',
    '%2F',
    'a%2Fb',
    '%00',
    '%0A',
    '%20',
    '%uD800',
    'x'.repeat(3_000),
    '00000000-0000-0000-0000-00000000000g',
    '00000000-0000-0000-0000-000000000000%00',
    '{caseId}',
    ';',
    'a;b=c',
    '-1',
    '0',
    '99999999999999999999',
    'null',
    'undefined',
    '__proto__',
    'constructor',
    'toString',
    '%F0%9F%98%80',
  ),
);

const encodeQuery = (pairs: [string, string][]): string => pairs.map(([key, value]) => `${key}=${value}`).join('&');
const enc = (value: unknown) => percentEncode(typeof value === 'string' ? value : JSON.stringify(value));

function queryMutations(queryParameters: Parameter[]): fc.Arbitrary<string>[] {
  const unknown = fc.oneof(
    fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), oddText).map(([key, value]) => encodeQuery([[enc(key), enc(value)]])),
    fc.constantFrom('__proto__[polluted]=1', 'constructor[prototype][polluted]=1', 'a[b][c][d][e][f][g]=1', '%=1', '%ZZ=%ZZ', '&&&', '=', 'a=%E0%A4%A'),
    fc.constant(Array.from({ length: 1_500 }, (_, i) => `q${i}=${i}`).join('&')),
  );
  if (queryParameters.length === 0) return [unknown];
  const parameter = fc.constantFrom(...queryParameters);
  return [
    unknown,
    fc.tuple(parameter, fc.oneof(oddText, fc.string({ maxLength: 10 }))).map(([p, value]) => encodeQuery([[p.name, enc(value)]])),
    parameter.chain((p) => wrongValue(p.schema).map((value) => encodeQuery([[p.name, enc(value)]]))),
    parameter.chain((p) => oversizedText(p.schema).map((value) => encodeQuery([[p.name, percentEncode(value.slice(0, 2_000))]]))),
    parameter.map((p) => `${p.name}[]=1&${p.name}[]=2`),
    parameter.map((p) => `${p.name}[a]=1`),
    parameter.map((p) => `${p.name}=1&${p.name}=2`),
    parameter.map((p) => `${p.name}[__proto__][x]=1`),
    parameter.map((p) => `${p.name}=%ZZ`),
    parameter.map((p) => `${p.name}=${'9'.repeat(400)}`),
    parameter.map((p) => `${p.name}=-1e309`),
  ];
}

// --- Credentials and headers ----------------------------------------------------------------------

/** Which role a valid baseline request acts as: one the document allows (varied across the run). */
const allowedRole = (operation: Operation): fc.Arbitrary<string | undefined> =>
  operation.isPublic ? fc.constant(undefined) : fc.constantFrom(...operation.roles);

const SPOILED_CREDENTIALS: readonly Record<string, string>[] = [
  {},
  { authorization: 'Bearer' },
  { authorization: 'Bearer ' },
  { authorization: 'Bearer a.b.c' },
  { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyOmFkbWluIiwicm9sZXMiOlsiYWRtaW4iXX0.' },
  { authorization: 'Basic dXNlcjpwYXNzd29yZA==' },
  { authorization: 'bearer   \t x' },
  { authorization: 'Token abc' },
  { 'x-api-key': '' },
  { 'x-api-key': 'hk_' },
  { 'x-api-key': 'hk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
  { 'x-api-key': 'hk_zzzzzzzzzzzzzzzz_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
  { 'x-api-key': "' OR 1=1 --" },
  { 'x-api-key': 'x'.repeat(4_000) },
];

/** A latin-1 string Node's HTTP client will send as a header value. */
const headerSafe = (text: string): string => Buffer.from(text, 'utf8').toString('latin1').replace(/[^\t\x20-\x7e\x80-\xff]/g, '');

function headerMutations(): fc.WeightedArbitrary<Mutation>[] {
  return [
    {
      weight: 2,
      arbitrary: fc
        .oneof(fc.constantFrom('', ' ', 'a b', 'é', '\t', 'x'.repeat(300)), oddText.map(headerSafe))
        .map((key) => ({ kind: 'header.idempotency-key', headers: { 'idempotency-key': key } })),
    },
    { weight: 1, arbitrary: fc.integer({ min: 17_000, max: 40_000 }).map((length) => ({ kind: 'header.oversized', headers: { 'x-filler': 'a'.repeat(length) } })) },
    {
      weight: 1,
      arbitrary: fc.constant({ kind: 'header.many', headers: Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`x-h${i}`, 'v'.repeat(150)])) }),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom<Record<string, string>>(
          { accept: 'application/xml' },
          { accept: '' },
          { 'accept-charset': 'utf-16' },
          { 'x-forwarded-for': '\u00ff, ::1, not-an-ip' },
          { 'transfer-encoding': 'chunked' },
          { expect: '100-continue' },
        )
        .map((headers) => ({ kind: 'header.odd', headers })),
    },
  ];
}

// --- One operation --------------------------------------------------------------------------------

const BASELINE_PATH_VALUES: Record<string, fc.Arbitrary<string>> = {
  agencyId: fc.constantFrom('utility-water', 'gov-110105', 'street-110105001', 'no-such-unit'),
  // The seeded catalogue version (never a draft again, so a fuzzed publish cannot change routing) and one that does not exist.
  version: fc.constantFrom('1', '2147483647'),
};

/** Requests that spoil one thing of an otherwise well-formed call of `operation`. */
export function malformedRequests(operation: Operation): fc.Arbitrary<FuzzRequest> {
  const pathParameters = operation.parameters.filter((p) => p.in === 'path');
  const queryParameters = operation.parameters.filter((p) => p.in === 'query');
  const pathValue = (p: Parameter) => BASELINE_PATH_VALUES[p.name] ?? (validValue(p.schema) as fc.Arbitrary<string>);
  const baselineTarget = fc
    .tuple(...pathParameters.map((p) => pathValue(p).map((value) => [p.name, percentEncode(value)] as const)))
    .map((values) => values.reduce((path, [name, value]) => path.replace(`{${name}}`, value), operation.path));
  const baselineBody = operation.body ? validValue(operation.body.schema) : fc.constant(undefined);

  const mutations: fc.WeightedArbitrary<Mutation>[] = [...headerMutations()];
  if (operation.body) mutations.push(...bodyMutations(operation, baselineBody));
  else {
    // A body on a GET is parsed too.
    mutations.push({ weight: 2, arbitrary: deepText.map((text) => ({ kind: 'get.deep-body', body: Buffer.from(text), headers: JSON_TYPE })) });
    mutations.push({ weight: 1, arbitrary: brokenJsonText('{"a":[1,2]}').map((text) => ({ kind: 'get.broken-body', body: Buffer.from(text), headers: JSON_TYPE })) });
  }
  if (pathParameters.length > 0) {
    const parameter = fc.constantFrom(...pathParameters);
    mutations.push({
      weight: 6,
      arbitrary: fc.tuple(parameter, badPathSegment, baselineTarget).map(([p, segment]) => ({
        kind: 'path.bad-param',
        target: pathParameters.reduce((path, other) => path.replace(`{${other.name}}`, other.name === p.name ? segment : '00000000-0000-4000-8000-000000000000'), operation.path),
      })),
    });
  }
  for (const query of queryMutations(queryParameters)) {
    mutations.push({ weight: queryParameters.length > 0 ? 2 : 1, arbitrary: fc.tuple(baselineTarget, query).map(([target, q]) => ({ kind: 'query.bad', target: `${target}?${q}` })) });
  }
  if (!operation.isPublic) {
    const refusedRoles = ['admin', 'dispatcher', 'auditor', 'unit_operator', 'follow_up_operator', 'inspector'].filter((role) => !operation.roles.includes(role));
    mutations.push({ weight: 3, arbitrary: fc.constantFrom(...SPOILED_CREDENTIALS).map((headers) => ({ kind: 'auth.bad-credentials', headers, actAs: 'none', expectsDenial: true })) });
    if (refusedRoles.length > 0) {
      mutations.push({ weight: 1, arbitrary: fc.constantFrom(...refusedRoles).map((role) => ({ kind: 'auth.role-not-allowed', actAs: role, expectsDenial: true })) });
    }
  }

  return fc.tuple(baselineTarget, baselineBody, allowedRole(operation), fc.oneof(...mutations)).map(([target, body, role, mutation]): FuzzRequest => {
    const spoiledRole = mutation.actAs === 'none' ? undefined : (mutation.actAs ?? role);
    return {
      operation: operationName(operation),
      service: operation.service,
      kind: mutation.kind,
      method: operation.method,
      target: mutation.target ?? target,
      headers: { ...(body === undefined || mutation.body ? {} : JSON_TYPE), ...mutation.headers },
      ...(mutation.body ? { body: mutation.body } : body === undefined ? {} : { body: json(body) }),
      ...(spoiledRole ? { actAs: spoiledRole } : {}),
      expectsDenial: mutation.expectsDenial ?? false,
    };
  });
}
