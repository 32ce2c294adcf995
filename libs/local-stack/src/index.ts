export * from './repository-root';
export * from './service-catalogue';
export * from './service-process';
export * from './workspace-build';
