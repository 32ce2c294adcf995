/** The Kafka consumer group and the name this service's inbox rows carry. */
export const FEEDBACK_CONSUMER = { groupId: 'hotline.feedback', consumerName: 'feedback' } as const;
