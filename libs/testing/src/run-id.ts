import { randomBytes } from 'node:crypto';

/** A short id unique to this test file's run; every isolated resource is named after it. */
export function newRunId(): string {
  return `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}
