/** The Kafka consumer group and the name this service's inbox rows carry. */
export const ASSESSMENT_CONSUMER = { groupId: 'hotline.assessment', consumerName: 'assessment' } as const;
