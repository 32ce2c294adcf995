import { Kafka, logLevel } from 'kafkajs';
import { TOPICS } from '@hotline/contracts';
import { testInfrastructure } from '@hotline/testing';

export interface ConsumerGroupState {
  groupId: string;
  state: string;
  members: number;
  /** Case events on the topic that the group has not committed yet. */
  lag: number;
}

/**
 * The services' consumer groups as the broker sees them: a consumer that stopped for good shows as a
 * group without members whose lag only grows, though its service still answers HTTP.
 */
export async function consumerGroups(groupIds: readonly string[]): Promise<ConsumerGroupState[]> {
  const admin = new Kafka({ clientId: 'test-group-witness', brokers: testInfrastructure.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const ends = new Map((await admin.fetchTopicOffsets(TOPICS.caseEvents)).map(({ partition, high }) => [partition, Number(high)]));
    const { groups } = await admin.describeGroups([...groupIds]);
    return await Promise.all(
      groupIds.map(async (groupId) => {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [TOPICS.caseEvents] });
        const lag = [...ends].reduce((sum, [partition, end]) => {
          const offset = Number(committed?.partitions.find((entry) => entry.partition === partition)?.offset ?? -1);
          return sum + (offset < 0 ? end : Math.max(0, end - offset));
        }, 0);
        const group = groups.find((entry) => entry.groupId === groupId);
        return { groupId, state: group?.state ?? 'Unknown', members: group?.members.length ?? 0, lag };
      }),
    );
  } finally {
    await admin.disconnect();
  }
}
