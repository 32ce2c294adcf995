/** The Kafka consumer group and the name this service's inbox rows carry. */
export const CLASSIFICATION_CONSUMER = { groupId: 'hotline.classification', consumerName: 'classification' } as const;
