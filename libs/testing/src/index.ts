export * from './run-id';
export * from './test-database';
export * from './test-nats';
export * from './test-redis';
export * from './test-authority';
export * from './test-environment';
export * from './factories';
export * from './slow-close';
