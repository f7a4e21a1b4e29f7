import type { Logger } from 'pino';
import pinoHttp from 'pino-http';

export const REDACTED = '[redacted]';

// Query parameters that carry credentials: OAuth's access_token, id_token and code, signed URLs’
// signatures, API keys, passwords, session ids. A name is cut into words (X-Amz-Signature,
// client_secret, apiKey, sessionId) and is a secret when one of its words is; `code` and `key`
// only as the whole name or its last word, so `regionCode` and `cursor` stay readable.
const SECRET_WORDS = new Set([
  'token',
  'jwt',
  'bearer',
  'password',
  'passwd',
  'pwd',
  'secret',
  'signature',
  'sig',
  'credential',
  'credentials',
  'auth',
  'authorization',
  'session',
  'otp',
  'ticket',
  'apikey',
]);

function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** True for a query parameter name whose value is a credential (case-insensitive). */
export function isSecretParameter(name: string): boolean {
  const words = wordsOf(name);
  const last = words[words.length - 1];
  return words.some((w) => SECRET_WORDS.has(w)) || last === 'key' || (words.length === 1 && last === 'code');
}

function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** The URL with the value of every credential-like query parameter replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && isSecretParameter(decodedName(name)) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}

/** The parsed query object with the same parameters redacted (pino-http logs it beside the URL). */
export function redactQuery(query: unknown): unknown {
  if (query === null || typeof query !== 'object') return query;
  return Object.fromEntries(
    Object.entries(query).map(([name, value]) => [name, isSecretParameter(name) ? REDACTED : value]),
  );
}

interface SerializedRequest {
  url?: string;
  query?: unknown;
  headers?: Record<string, unknown>;
}

/** pino-http's request line, with credentials in the query string redacted. */
export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    // The id the correlation middleware accepted (or made), not whatever the client sent.
    customProps: (_req, res) => ({ correlationId: res.getHeader('x-correlation-id') }),
    autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
    serializers: {
      // Receives the request as pino's standard serializer made it (url, query, params, headers).
      req: (req: SerializedRequest) => {
        if (typeof req.url === 'string') req.url = redactUrl(req.url);
        if (req.query !== undefined) req.query = redactQuery(req.query);
        // The page a browser came from carries its own query string. A copy: these are the live
        // request's headers.
        const referer = req.headers?.referer;
        if (typeof referer === 'string') req.headers = { ...req.headers, referer: redactUrl(referer) };
        return req;
      },
    },
  });
}
