export * from './errors/app-error';
export * from './errors/http-error.filter';
export * from './errors/zod-body.pipe';
export * from './runtime/tokens';
export * from './runtime/platform-options';
export * from './runtime/platform.module';
export * from './runtime/outbox-relay.host';
export * from './runtime/bootstrap-service';
