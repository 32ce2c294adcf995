/** Group settings both clients use unless a consumer asks otherwise (today's KafkaEventServer values). */
export const CONSUMER_DEFAULTS = { sessionTimeoutMs: 30_000, heartbeatIntervalMs: 3_000 } as const;
