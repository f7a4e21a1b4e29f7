import { isSecretParameter, redactQuery, redactUrl } from './request-log';

describe('query-string redaction in request logs', () => {
  it.each([
    'access_token',
    'ACCESS_TOKEN',
    'accessToken',
    'refresh_token',
    'id_token',
    'token',
    'code',
    'Code',
    'password',
    'newPassword',
    'passwd',
    'pwd',
    'secret',
    'client_secret',
    'key',
    'apiKey',
    'api_key',
    'X-Amz-Signature',
    'X-Amz-Credential',
    'signature',
    'sig',
    'auth',
    'sessionId',
    'otp',
  ])('treats %s as a credential', (name) => {
    expect(isSecretParameter(name)).toBe(true);
  });

  it.each(['region', 'regionCode', 'cursor', 'limit', 'author', 'monkey', 'assignedWorker', 'from', 'kind'])(
    'keeps %s readable',
    (name) => {
      expect(isSecretParameter(name)).toBe(false);
    },
  );

  it('replaces only the values of credential parameters, keeping the URL’s shape', () => {
    expect(redactUrl('/api/v1/cases/visits?region=4307&access_token=abc.def&limit=5&Signature=x%3D')).toBe(
      '/api/v1/cases/visits?region=4307&access_token=[redacted]&limit=5&Signature=[redacted]',
    );
    expect(redactUrl('/a?acc%65ss_token=abc')).toBe('/a?acc%65ss_token=[redacted]'); // an encoded name
    expect(redactUrl('/a?token')).toBe('/a?token'); // no value to hide
    expect(redactUrl('/a?%zz=1&code=2')).toBe('/a?%zz=1&code=[redacted]'); // a malformed name stays as is
    expect(redactUrl('/a/b')).toBe('/a/b');
  });

  it('redacts the parsed query object the same way', () => {
    expect(redactQuery({ token: ['a', 'b'], region: '43' })).toEqual({ token: '[redacted]', region: '43' });
    expect(redactQuery(undefined)).toBeUndefined();
  });
});
