// Event naming is the public API other systems subscribe to, so it is derived in one place:
// type `wushe.<service>.<entity>.<action>.v<N>` and NATS subject `<service>.<entity>.<action>.v<N>`.
export const SERVICES = ['identity', 'cases', 'volunteers', 'funding', 'reporting'] as const;
export type ServiceName = (typeof SERVICES)[number];

const SEGMENT = /^[a-z][a-z0-9-]*$/;

export interface EventName {
  service: ServiceName;
  entity: string;
  action: string;
  version: number;
}

export function eventType(name: EventName): string {
  return `wushe.${eventSubject(name)}`;
}

export function eventSubject({ service, entity, action, version }: EventName): string {
  for (const part of [entity, action]) {
    if (!SEGMENT.test(part)) throw new Error(`Invalid event name segment "${part}"`);
  }
  if (!Number.isInteger(version) || version < 1) throw new Error(`Invalid event version ${version}`);
  return `${service}.${entity}.${action}.v${version}`;
}

export function eventSource(service: ServiceName): string {
  return `/wushe/${service}`;
}

/** The JetStream stream owned by a service: one per service over `<service>.>`. */
export function streamName(service: ServiceName): string {
  return service.toUpperCase();
}
