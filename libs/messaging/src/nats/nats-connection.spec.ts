import { natsConnectionOptions } from './nats-connection';

describe('natsConnectionOptions', () => {
  it('lifts credentials out of the URL, since nats.js ignores them there', () => {
    expect(natsConnectionOptions('nats://wushe-services:s%40cret@nats.wushe:4222')).toEqual({
      servers: ['nats.wushe:4222'],
      user: 'wushe-services',
      pass: 's@cret',
    });
  });

  it('keeps every server of a cluster list and defaults the port', () => {
    expect(natsConnectionOptions('nats://a:4222, nats://b,c:5222')).toEqual({
      servers: ['a:4222', 'b:4222', 'c:5222'],
    });
  });
});
