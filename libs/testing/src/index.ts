export * from './expect-eventually';
export * from './test-infrastructure';
export * from './factories';
export * from './in-process-service';
