export * from './platform-config';
export * from './service-config';
