/** The Kafka consumer group and the name this service's inbox rows carry. */
export const EXECUTION_CONSUMER = { groupId: 'hotline.execution', consumerName: 'execution' } as const;
