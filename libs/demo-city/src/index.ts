export * from './sla-profiles';
export * from './categories';
export * from './districts';
export * from './agencies';
export * from './routing-catalogue';
export * from './open311-attributes';
export * from './knowledge-entries';
