// Domain errors carry a stable, namespaced code (e.g. CASES.RECIPIENT_DUPLICATE_ID) that clients
// and other systems can rely on; the HTTP status and bilingual messages travel with it and are
// mapped to RFC 9457 problem details at the edge.
export interface ErrorMessages {
  zh: string;
  en: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly messages: ErrorMessages,
    readonly details?: Record<string, unknown>,
  ) {
    super(messages.en);
    this.name = 'DomainError';
  }
}

/** Declares a family of errors once, so each code and status is written in one place. */
export function defineErrors<K extends string>(
  namespace: string,
  table: Record<K, { status: number } & ErrorMessages>,
) {
  const factories = {} as Record<K, (details?: Record<string, unknown>) => DomainError>;
  for (const key of Object.keys(table) as K[]) {
    const { status, zh, en } = table[key];
    factories[key] = (details) => new DomainError(`${namespace}.${key}`, status, { zh, en }, details);
  }
  return factories;
}

export const CommonErrors = defineErrors('COMMON', {
  VALIDATION_FAILED: { status: 400, zh: '请求数据校验失败', en: 'The request failed validation' },
  MALFORMED_JSON: { status: 400, zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  BODY_TOO_DEEP: { status: 400, zh: '请求体嵌套层级过深', en: 'The request body is nested too deeply' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  UNAUTHENTICATED: { status: 401, zh: '未登录或凭证无效', en: 'Missing or invalid credentials' },
  FORBIDDEN: { status: 403, zh: '无权执行此操作', en: 'You may not do this' },
  OUT_OF_SCOPE: { status: 403, zh: '超出您的数据范围', en: 'Outside your data scope' },
  NOT_FOUND: { status: 404, zh: '资源不存在', en: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持的请求方法', en: 'Method not allowed' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '幂等键已用于不同的请求',
    en: 'This Idempotency-Key was used for a different request',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    zh: '相同幂等键的请求正在处理',
    en: 'A request with this Idempotency-Key is still in progress',
  },
  BAD_CURSOR: { status: 400, zh: '分页游标无效', en: 'Invalid pagination cursor' },
  DEPENDENCY_UNAVAILABLE: { status: 503, zh: '依赖服务暂不可用', en: 'A dependency is unavailable' },
  SHUTTING_DOWN: { status: 503, zh: '服务正在停止', en: 'The service is shutting down' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
});
