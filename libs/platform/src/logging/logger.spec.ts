import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, stream) };
}

describe('log redaction', () => {
  it('censors personal data and secrets wherever they sit in a logged object', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer abc.def.ghi', 'user-agent': 'curl' } },
        body: {
          name: '张三',
          idNumber: '11010519491231002X',
          phone: '13812345678',
          address: '某村',
          kind: 'discovery',
        },
        user: { password: 'hunter2', refreshToken: 'r-1' },
        nested: { recipient: { idNumber: '440524188001010014', name: '李四' } },
      },
      'request',
    );
    const line = lines.join('');
    for (const secret of [
      'abc.def.ghi',
      '张三',
      '11010519491231002X',
      '13812345678',
      '某村',
      'hunter2',
      'r-1',
      '440524188001010014',
      '李四',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('discovery');
    expect(line).toContain('curl');
  });
});
