import { z } from 'zod';
import { CASE_EVENT_DEFINITIONS } from './catalogue';
import { TOPIC_SPECS, TOPICS } from './topics';
import {
  UNIT_CASES_TOPIC_PATTERN,
  UNIT_ROLES,
  UNIT_STREAM_EVENT_TYPES,
  UNIT_STREAM_PROJECTOR,
  unitCasesTopic,
  unitConsumerGroupPrefix,
  unitPrincipal,
} from './unit-stream';

type Json = Record<string, unknown>;

export interface AsyncApiDocumentInput {
  /** Example messages by `<type>.v<version>` (the golden fixtures), shown beside each message. */
  examples?: Readonly<Record<string, unknown>>;
}

const KAFKA_BINDING_VERSION = '0.5.0';
const SELF_DESCRIBING_FORMATS = new Set(['date-time', 'uuid']);
const EXAMPLE_AGENCY = 'street-110105001';

const messageKey = (type: string, version: number) =>
  `${type.replace(/^case\./, 'case_').replace(/[._]([a-z])/g, (_, letter: string) => letter.toUpperCase())}V${version}`;

/**
 * An event schema as JSON Schema draft-07 (AsyncAPI's default schema format). The input side: it
 * leaves out `additionalProperties: false`, because consumers must accept the optional fields a
 * version may gain.
 */
function jsonSchemaOf(schema: z.ZodType): Json {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'any',
    override: ({ jsonSchema: node }) => {
      if (typeof node.format === 'string' && SELF_DESCRIBING_FORMATS.has(node.format)) delete node.pattern;
    },
  }) as Json;
  return jsonSchema;
}

const text = (description: string) => ({ type: 'string', description });

const EVENT_HEADERS = {
  'event-id': text('The envelope\'s eventId: consumers deduplicate on it'),
  'event-type': text('The envelope\'s type, e.g. case.dispatched: a consumer can skip what it does not handle without parsing the value'),
  'event-version': text('The envelope\'s version, as a decimal string'),
  traceparent: text('W3C trace context of the publish span: one trace per case across every hop'),
  tracestate: text('W3C trace state, when set'),
};

const eventHeadersSchema = { type: 'object', required: ['event-id', 'event-type', 'event-version'], properties: EVENT_HEADERS };
const unitHeadersSchema = {
  type: 'object',
  required: ['event-id', 'event-type', 'event-version', 'unit-role'],
  properties: { ...EVENT_HEADERS, 'unit-role': { type: 'string', enum: [...UNIT_ROLES], description: 'Why this unit receives the event: it leads the case, has a copy, or lost it to a re-dispatch' } },
};
const deadLetterHeadersSchema = {
  type: 'object',
  required: ['dlq-reason', 'dlq-consumer', 'dlq-original-topic', 'dlq-original-partition', 'dlq-original-offset', 'dlq-at'],
  properties: {
    ...EVENT_HEADERS,
    'dlq-reason': text('Why the consumer gave up: the parse or schema error, or the permanent failure (at most 2,000 characters)'),
    'dlq-consumer': text('The consumer (inbox name) that dead-lettered it'),
    'dlq-original-topic': text('Where the message was read'),
    'dlq-original-partition': text('Its partition there, as a decimal string'),
    'dlq-original-offset': text('Its offset there'),
    'dlq-at': text('When it was dead-lettered (ISO-8601)'),
  },
};

const caseKeyBinding = {
  kafka: { key: { type: 'string', format: 'uuid', description: 'The caseId: all of a case\'s events share a partition, in order' }, bindingVersion: KAFKA_BINDING_VERSION },
};

function topicBinding(topic: string): Json {
  const spec = TOPIC_SPECS.find((candidate) => candidate.name === topic);
  return {
    kafka: {
      topic,
      ...(spec ? { partitions: spec.partitions, topicConfiguration: { 'retention.ms': Number(spec.config['retention.ms']) } } : {}),
      bindingVersion: KAFKA_BINDING_VERSION,
    },
  };
}

const refs = (channel: string, keys: readonly string[]) => keys.map((key) => ({ $ref: `#/channels/${channel}/messages/${key}` }));

/** The ACLs an operator sets for the per-unit streams (`kafka-acls.sh` terms). */
export const UNIT_STREAM_ACLS = [
  {
    principal: unitPrincipal('{agencyId}'),
    operations: ['Read', 'Describe'],
    resourceType: 'Topic',
    resourceName: unitCasesTopic('{agencyId}'),
    patternType: 'literal',
    note: 'Its own topic only; no Write, and nothing on hotline.case-events or another unit\'s topic',
  },
  {
    principal: unitPrincipal('{agencyId}'),
    operations: ['Read', 'Describe'],
    resourceType: 'Group',
    resourceName: unitConsumerGroupPrefix('{agencyId}'),
    patternType: 'prefixed',
    note: 'Consumer groups under its own prefix, e.g. unit.street-110105001.console',
  },
  {
    principal: UNIT_STREAM_PROJECTOR.principal,
    operations: ['Write', 'Describe'],
    resourceType: 'Topic',
    resourceName: 'hotline.unit.',
    patternType: 'prefixed',
    note: 'Feeds every unit\'s topic (idempotent producer: Write covers it since Kafka 3.0)',
  },
  {
    principal: UNIT_STREAM_PROJECTOR.principal,
    operations: ['Read', 'Describe'],
    resourceType: 'Topic',
    resourceName: TOPICS.caseEvents,
    patternType: 'literal',
    note: 'Its source',
  },
  {
    principal: UNIT_STREAM_PROJECTOR.principal,
    operations: ['Read'],
    resourceType: 'Group',
    resourceName: UNIT_STREAM_PROJECTOR.groupId,
    patternType: 'literal',
    note: 'Its consumer group',
  },
] as const;

/** The AsyncAPI 3.0 document of every Kafka topic and event version, from the contracts themselves. */
export function buildAsyncApiDocument(input: AsyncApiDocumentInput = {}): Json {
  const eventMessages: Record<string, Json> = {};
  const payloadSchemas: Record<string, Json> = {};
  const keysByType = new Map<string, string[]>();
  for (const definition of CASE_EVENT_DEFINITIONS) {
    const key = messageKey(definition.type, definition.version);
    const example = input.examples?.[`${definition.type}.v${definition.version}`];
    keysByType.set(definition.type, [...(keysByType.get(definition.type) ?? []), key]);
    payloadSchemas[key] = jsonSchemaOf(definition.schema);
    eventMessages[key] = {
      name: definition.type,
      title: `${definition.type} v${definition.version}`,
      contentType: 'application/json',
      headers: { $ref: '#/components/schemas/EventHeaders' },
      payload: { $ref: `#/components/schemas/${key}` },
      correlationId: { $ref: '#/components/correlationIds/caseCorrelation' },
      bindings: caseKeyBinding,
      ...(example === undefined ? {} : { examples: [{ name: 'golden', summary: `libs/contracts/fixtures/${definition.type}.v${definition.version}.json`, payload: example }] }),
    };
  }
  const allEventKeys = Object.keys(eventMessages);
  const unitEventKeys = UNIT_STREAM_EVENT_TYPES.flatMap((type) => keysByType.get(type) ?? []);
  const messageRefs = (keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, { $ref: `#/components/messages/${key}` }]));
  // The same messages with the unit-role header; examples stay with the main topic's messages.
  const unitMessages = Object.fromEntries(
    unitEventKeys.map((key) => {
      const { examples: _examples, ...message } = eventMessages[key] ?? {};
      return [key, { ...message, headers: { $ref: '#/components/schemas/UnitEventHeaders' } }];
    }),
  );

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'hotline case events',
      version: '1.0.0',
      description: [
        'Every lifecycle event of a 12345 hotline case, as the services publish it on Kafka.',
        '',
        `- **One topic, keyed by case.** All events go to \`${TOPICS.caseEvents}\`, key = caseId, so a case's events are in one partition in the order they happened. There is no order between cases.`,
        '- **At least once.** Events are published from a transactional outbox with an idempotent producer; a consumer may see an event again after a crash and deduplicates on `eventId` (the `event-id` header).',
        '- **Envelope.** Every message is the same envelope (`eventId`, `type`, `version`, `caseId`, `occurredAt`, `correlationId`, `causationId`, `producer`, `traceContext`) with a `payload` per event type and version.',
        '- **Versions.** An optional field may be added within a version: accept fields you do not know. A breaking change is a new version, published beside the old one; each message here is one version.',
        `- **Dead letters.** A message a consumer cannot parse or handle goes, unchanged, to \`${TOPICS.caseEventsDlq}\` with the reason in its headers.`,
        `- **Per-unit streams (documented contract, not yet fed).** \`${UNIT_CASES_TOPIC_PATTERN}\` carries one handling unit's dispatches and updates; see that channel for the ACLs.`,
      ].join('\n'),
    },
    defaultContentType: 'application/json',
    servers: {
      local: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'The broker `npm start` runs (deploy/kafka); a deployment has its own bootstrap servers' },
    },
    channels: {
      caseEvents: {
        address: TOPICS.caseEvents,
        title: 'Case events',
        description: 'Every lifecycle event of every case, keyed by caseId.',
        messages: messageRefs(allEventKeys),
        bindings: topicBinding(TOPICS.caseEvents),
      },
      caseEventsDeadLetters: {
        address: TOPICS.caseEventsDlq,
        title: 'Dead letters',
        description: 'Messages a consumer could not parse, that broke their schema, or that failed permanently; kept for an operator to inspect and replay.',
        messages: { deadLetter: { $ref: '#/components/messages/deadLetter' } },
        bindings: topicBinding(TOPICS.caseEventsDlq),
      },
      unitCases: {
        address: UNIT_CASES_TOPIC_PATTERN,
        title: 'One handling unit\'s dispatches and updates (documented contract)',
        description: [
          'A documented contract, not yet fed by a running service. A projector consumes `hotline.case-events` and copies each event that names a unit',
          '(as lead `agencyId`, as a copy in `copiedToAgencyIds`, or as `previousAgencyId` of a re-dispatch) to that unit\'s topic, unchanged: same envelope,',
          'same key (caseId), with a `unit-role` header. Order per case is kept; the unit deduplicates on eventId as on the main topic.',
          `The operator creates the topic when a unit is onboarded (e.g. 3 partitions, the main topic's retention) and sets the ACLs in x-kafka-acls.`,
        ].join(' '),
        parameters: {
          agencyId: { description: 'The unit\'s id in the dispatch catalogue (GET /v1/agencies on dispatch)', examples: [EXAMPLE_AGENCY, 'district-110105', 'utility-water'] },
        },
        messages: unitMessages,
        bindings: { kafka: { bindingVersion: KAFKA_BINDING_VERSION } },
        'x-kafka-acls': UNIT_STREAM_ACLS,
      },
    },
    operations: {
      publishCaseEvent: {
        action: 'send',
        channel: { $ref: '#/channels/caseEvents' },
        summary: 'A service publishes an event through its outbox relay (one active relay per service).',
        messages: refs('caseEvents', allEventKeys),
      },
      consumeCaseEvents: {
        action: 'receive',
        channel: { $ref: '#/channels/caseEvents' },
        summary: 'A consumer (each service, an auditor, an integration) reads with its own group; offsets are committed after its database commit.',
        messages: refs('caseEvents', allEventKeys),
      },
      deadLetter: {
        action: 'send',
        channel: { $ref: '#/channels/caseEventsDeadLetters' },
        summary: 'A consumer sets a message aside with the reason and carries on.',
        messages: refs('caseEventsDeadLetters', ['deadLetter']),
      },
      projectUnitCases: {
        action: 'send',
        channel: { $ref: '#/channels/unitCases' },
        summary: `The unit-stream projector (principal ${UNIT_STREAM_PROJECTOR.principal}, group ${UNIT_STREAM_PROJECTOR.groupId}) copies a unit's events to its topic.`,
        messages: refs('unitCases', unitEventKeys),
      },
      receiveUnitCases: {
        action: 'receive',
        channel: { $ref: '#/channels/unitCases' },
        summary: `A unit reads its own topic as ${unitPrincipal('{agencyId}')}, with a consumer group under ${unitConsumerGroupPrefix('{agencyId}')}.`,
        security: [{ $ref: '#/components/securitySchemes/unitPrincipal' }],
        messages: refs('unitCases', unitEventKeys),
      },
    },
    components: {
      schemas: { EventHeaders: eventHeadersSchema, UnitEventHeaders: unitHeadersSchema, DeadLetterHeaders: deadLetterHeadersSchema, ...payloadSchemas },
      messages: {
        ...eventMessages,
        deadLetter: {
          name: 'dead-letter',
          title: 'A dead-lettered message',
          contentType: 'application/octet-stream',
          headers: { $ref: '#/components/schemas/DeadLetterHeaders' },
          payload: { description: 'The original message value, byte for byte; it may not be valid JSON (that can be why it is here).' },
          bindings: { kafka: { key: { type: 'string', description: 'The original key (a caseId)' }, bindingVersion: KAFKA_BINDING_VERSION } },
        },
      },
      correlationIds: {
        caseCorrelation: { description: 'Shared by every event that follows from one case\'s first report', location: '$message.payload#/correlationId' },
      },
      securitySchemes: {
        unitPrincipal: {
          type: 'scramSha512',
          description: `Each unit has its own SASL principal, ${unitPrincipal('{agencyId}')}; the ACLs on the unitCases channel confine it to its topic and groups.`,
        },
      },
    },
  };
}

/** The document as committed (docs/api/asyncapi.json): two-space JSON, final newline. */
export function serializeAsyncApiDocument(document: Json): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
