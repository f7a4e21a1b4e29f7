import { ServiceName, streamName } from '@wushe/contracts';

// A deployment (or a test run) may prefix every subject and stream so several can share one NATS
// server without seeing each other. Production uses no prefix: subjects are the public contract.
export function prefixedSubject(prefix: string, subject: string): string {
  return prefix ? `${prefix}.${subject}` : subject;
}

export function prefixedStream(prefix: string, service: ServiceName | 'deadletter'): string {
  const base = service === 'deadletter' ? 'DEADLETTER' : streamName(service);
  return prefix ? `${prefix.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}_${base}` : base;
}

/** Strips the deployment prefix so handlers and the registry see the contract subject. */
export function unprefixedSubject(prefix: string, subject: string): string {
  return prefix && subject.startsWith(`${prefix}.`) ? subject.slice(prefix.length + 1) : subject;
}

export function deadLetterSubject(prefix: string, consumer: string): string {
  return prefixedSubject(prefix, `deadletter.${consumer}`);
}
