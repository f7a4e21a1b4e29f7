export * from './naming';
export * from './envelope';
export * from './event-definition';
export * from './registry';
export * from './asyncapi';
export * from './events/common';
export * from './events/cases.events';
export * from './events/identity-access.events';
