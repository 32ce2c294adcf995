export const REDIS = Symbol('REDIS');
export const KAFKA = Symbol('KAFKA');
/** The Kafka client behind the messaging seam (KAFKA_CLIENT): consumers, relay and dead-letter producer. */
export const EVENT_BUS = Symbol('EVENT_BUS');
export const APP_LOGGER = Symbol('APP_LOGGER');
export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');
/** The Authenticator of libs/access: API keys from the shared access tables, bearer tokens verified locally. */
export const AUTHENTICATOR = Symbol('AUTHENTICATOR');
