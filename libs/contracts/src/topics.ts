// Every lifecycle event of a case goes to one topic keyed by caseId, so a consumer that needs several
// kinds of events sees a case's events in the order they happened.
export const TOPICS = {
  caseEvents: 'hotline.case-events',
  caseEventsDlq: 'hotline.case-events.dlq',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export interface TopicSpec {
  readonly name: TopicName;
  readonly partitions: number;
  readonly config: Readonly<Record<string, string>>;
}

export const TOPIC_SPECS: readonly TopicSpec[] = [
  { name: TOPICS.caseEvents, partitions: 6, config: { 'retention.ms': String(30 * 24 * 3600 * 1000) } },
  // Dead letters are kept long enough for an operator to inspect and replay them.
  { name: TOPICS.caseEventsDlq, partitions: 1, config: { 'retention.ms': String(90 * 24 * 3600 * 1000) } },
];
