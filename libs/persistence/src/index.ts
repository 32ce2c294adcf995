export * from './data-source-options';
export * from './migrate';
export * from './prepared-statements';
export * from './find-by-key';
export * from './batched-rows';
export * from './checked-cache';
