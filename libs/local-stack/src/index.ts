export * from './service-catalogue';
export * from './service-process';
