export * from './expect-eventually';
export * from './test-infrastructure';
export * from './factories';
export * from './in-process-service';
export * from './otlp-receiver';
export * from './e2e-stack';
export * from './http-client';
export * from './dead-letters';
