import { ConfigError, loadConfig } from './platform-config';
import { z } from 'zod';

const defaults = { service: 'cases', httpPort: 3002 };

describe('loadConfig', () => {
  it('applies defaults for a bare environment', () => {
    const config = loadConfig(defaults, undefined, {});
    expect(config.http.port).toBe(3002);
    expect(config.database.schema).toBe('cases');
    expect(config.nats).toEqual({ url: 'nats://127.0.0.1:4222', prefix: '', streamMaxAgeDays: 365 });
    expect(config.otel.endpoint).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('coerces and validates variables and names every bad one', () => {
    expect(loadConfig(defaults, undefined, { HTTP_PORT: '8080' }).http.port).toBe(8080);
    expect(() => loadConfig(defaults, undefined, { HTTP_PORT: 'eighty', NATS_PREFIX: 'Bad.Prefix' })).toThrow(
      /HTTP_PORT[\s\S]*NATS_PREFIX/,
    );
    expect(() => loadConfig(defaults, undefined, { DATABASE_SCHEMA: 'drop table' })).toThrow(ConfigError);
  });

  it('validates a service’s own variables alongside the platform ones', () => {
    const extra = z.object({ HMAC_KEY: z.string().min(32) });
    expect(() => loadConfig(defaults, extra, {})).toThrow(/HMAC_KEY/);
    expect(loadConfig(defaults, extra, { HMAC_KEY: 'k'.repeat(32) }).extra.HMAC_KEY).toHaveLength(32);
  });
});
