export * from './masking';
export * from './sealing';
export * from './key-ring';
export * from './reencrypt';
