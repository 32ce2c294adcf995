// First: the modules loaded after it get their stack traces mapped.
export * from './source-maps';
export * from './telemetry';
export * from './http-route';
export * from './trace-context';
export * from './logger';
