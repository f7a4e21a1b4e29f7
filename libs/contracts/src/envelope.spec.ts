import { buildEvent, EventContractError, parseEvent } from './event-definition';
import { visitRecordedV1 } from './events/cases.events';
import { eventRegistry, findEventDefinition } from './registry';
import { eventSubject } from './naming';

const data = {
  visitId: '0193a1b2-0000-7000-8000-000000000001',
  kind: 'discovery' as const,
  villageCode: '430703100001',
  workerId: 'worker-1',
  visitedAt: '2026-11-28T02:00:00.000Z',
  needsFound: 2,
};
const origin = { subject: data.visitId, regionCode: '430703100001', correlationId: 'c-1' };

describe('event envelope', () => {
  it('builds a CloudEvents 1.0 envelope that parses back', () => {
    const event = buildEvent(visitRecordedV1, data, origin);
    expect(event).toMatchObject({
      specversion: '1.0',
      source: '/wushe/cases',
      type: 'wushe.cases.visit.recorded.v1',
      datacontenttype: 'application/json',
      regioncode: '430703100001',
    });
    expect(event.id).toMatch(/^[0-9a-f-]{8}-[0-9a-f]{4}-7/);
    expect(parseEvent(visitRecordedV1, JSON.parse(JSON.stringify(event))).data).toEqual(data);
  });

  it('refuses to build an event whose data breaks its schema', () => {
    expect(() => buildEvent(visitRecordedV1, { ...data, needsFound: -1 }, origin)).toThrow();
  });

  it('rejects a message of another type, a bad envelope and bad data', () => {
    const event = buildEvent(visitRecordedV1, data, origin);
    expect(() => parseEvent(visitRecordedV1, { ...event, type: 'wushe.cases.visit.deleted.v1' })).toThrow(
      EventContractError,
    );
    expect(() => parseEvent(visitRecordedV1, { ...event, specversion: '0.3' })).toThrow(EventContractError);
    expect(() => parseEvent(visitRecordedV1, { ...event, regioncode: '4307031' })).not.toThrow();
    expect(() => parseEvent(visitRecordedV1, { ...event, regioncode: 'abc' })).toThrow(EventContractError);
    expect(() => parseEvent(visitRecordedV1, { ...event, data: { ...data, kind: 'party' } })).toThrow(
      EventContractError,
    );
  });

  it('names subjects and types consistently and rejects malformed names', () => {
    expect(eventSubject({ service: 'cases', entity: 'visit', action: 'recorded', version: 1 })).toBe(
      'cases.visit.recorded.v1',
    );
    expect(() =>
      eventSubject({ service: 'cases', entity: 'Visit', action: 'recorded', version: 1 }),
    ).toThrow();
    expect(() =>
      eventSubject({ service: 'cases', entity: 'visit', action: 'recorded', version: 0 }),
    ).toThrow();
  });

  it('registers every event type once and finds it by type', () => {
    for (const def of eventRegistry) {
      expect(findEventDefinition(def.type)).toBe(def);
      expect(def.subject.startsWith(`${def.service}.`)).toBe(true);
    }
    expect(findEventDefinition('wushe.cases.nothing.happened.v1')).toBeUndefined();
  });
});
