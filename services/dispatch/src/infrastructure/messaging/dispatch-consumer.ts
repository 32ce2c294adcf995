/** The Kafka consumer group and the name this service's inbox rows carry. */
export const DISPATCH_CONSUMER = { groupId: 'hotline.dispatch', consumerName: 'dispatch' } as const;
