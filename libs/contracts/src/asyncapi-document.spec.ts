import { Parser } from '@asyncapi/parser';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAsyncApiDocument, serializeAsyncApiDocument } from './asyncapi-document';
import { CASE_EVENT_DEFINITIONS } from './catalogue';
import { TOPICS } from './topics';
import { UNIT_STREAM_EVENT_TYPES } from './unit-stream';

const FIXTURES_DIR = join(__dirname, '..', 'fixtures');
const examples = Object.fromEntries(
  readdirSync(FIXTURES_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => [file.slice(0, -'.json'.length), JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8')) as unknown]),
);
const document = buildAsyncApiDocument({ examples });
// Spectral's severities, as the parser reports them: 0 error, 1 warning, 2 information, 3 hint.
const ERROR = 0;
const WARNING = 1;
/** The value at a path of keys in the JSON document. */
const at = (value: unknown, ...keys: Array<string | number>): unknown =>
  keys.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[key] : undefined), value);

describe('the AsyncAPI document built from the contracts', () => {
  it('is a valid AsyncAPI 3.0 document by the official parser, without warnings', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(serializeAsyncApiDocument(document));
    expect(diagnostics.filter((diagnostic) => [ERROR, WARNING].includes(Number(diagnostic.severity))).map((diagnostic) => `${diagnostic.path.join('.')}: ${diagnostic.message}`)).toEqual([]);
    expect(diagnostics.some((diagnostic) => Number(diagnostic.severity) === ERROR)).toBe(false);
    expect(parsed?.channels().all().map((channel) => channel.address())).toEqual([TOPICS.caseEvents, TOPICS.caseEventsDlq, 'hotline.unit.{agencyId}.cases']);
  });

  it('has one message per published event version on the case-events topic, keyed by caseId', () => {
    expect(Object.keys(at(document, 'channels', 'caseEvents', 'messages') as object)).toHaveLength(CASE_EVENT_DEFINITIONS.length);
    expect(at(document, 'components', 'messages', 'caseDispatchedV1')).toMatchObject({ name: 'case.dispatched', bindings: { kafka: { key: { format: 'uuid' } } } });
    expect(at(document, 'components', 'schemas', 'caseDispatchedV1')).toMatchObject({ properties: { type: { const: 'case.dispatched' }, version: { const: 1 } } });
  });

  it('shows each event version\'s golden fixture as its example', () => {
    expect(at(document, 'components', 'messages', 'caseReceivedV1', 'examples', 0, 'payload')).toEqual(examples['case.received.v1']);
  });

  it('lets consumers accept fields a version gains', () => {
    expect(JSON.stringify(at(document, 'components', 'schemas'))).not.toContain('"additionalProperties":false');
  });

  it('documents the per-unit stream with its events and the ACLs: the unit reads its own topic only, the projector writes', () => {
    const unitMessages = Object.values(at(document, 'channels', 'unitCases', 'messages') as object);
    expect(unitMessages.map((message) => at(message, 'name'))).toEqual([...UNIT_STREAM_EVENT_TYPES]);
    const acls = at(document, 'channels', 'unitCases', 'x-kafka-acls') as Array<{ principal: string; operations: string[] }>;
    const unitOperations = acls.filter((acl) => acl.principal === 'User:unit-{agencyId}').flatMap((acl) => acl.operations);
    expect(unitOperations).not.toContain('Write');
    expect(acls.find((acl) => acl.principal === 'User:hotline-unit-projector' && acl.operations.includes('Write'))).toBeDefined();
  });
});
