/** The Kafka consumer group and the name this service's inbox rows carry. */
export const SUPERVISION_CONSUMER = { groupId: 'hotline.supervision', consumerName: 'supervision' } as const;
