export const REDIS = Symbol('REDIS');
export const KAFKA = Symbol('KAFKA');
export const APP_LOGGER = Symbol('APP_LOGGER');
export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');
