import type { ServiceName } from '@wushe/contracts';

export const NATS = Symbol('NATS');
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingModuleOptions {
  service: ServiceName;
  /** Run the outbox relay in this process (API processes do; CLIs do not). */
  relay: boolean;
  /** Start inbox consumers in this process. */
  consumers: boolean;
}
