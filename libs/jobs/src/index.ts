export * from './job-definition';
export * from './job-runner';
export * from './housekeeping.jobs';
export * from './jobs.module';
