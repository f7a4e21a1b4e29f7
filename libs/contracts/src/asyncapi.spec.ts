import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildAsyncApiDocument } from './asyncapi';
import { renderAsyncApiYaml } from './asyncapi.render';
import { eventRegistry } from './registry';

describe('AsyncAPI document', () => {
  it('is checked in and up to date (run `npm run asyncapi` after changing an event)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'asyncapi.yaml'), 'utf8');
    expect(committed).toBe(renderAsyncApiYaml());
  });

  it('has a channel, a receive operation and a payload schema for every event type', () => {
    const doc = parse(renderAsyncApiYaml()) as ReturnType<typeof buildAsyncApiDocument>;
    expect(doc.asyncapi).toBe('3.0.0');
    const addresses = Object.values(doc.channels).map((c) => (c as { address: string }).address);
    expect(addresses.sort()).toEqual(eventRegistry.map((d) => d.subject).sort());
    expect(Object.keys(doc.operations)).toHaveLength(eventRegistry.length);
    for (const message of Object.values(doc.components.messages)) {
      const payload = (message as { payload: { required: string[]; properties: Record<string, unknown> } })
        .payload;
      expect(payload.required).toEqual(
        expect.arrayContaining(['id', 'type', 'source', 'data', 'regioncode']),
      );
      expect(payload.properties.data).toHaveProperty('properties');
    }
  });
});
