/** The Kafka consumer group and the name this service's inbox rows carry. */
export const INTAKE_CONSUMER = { groupId: 'hotline.intake', consumerName: 'intake' } as const;
