import { Writable } from 'node:stream';
import pino from 'pino';
import { loggerOptions } from './logger';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  it('never writes a reporter name or phone number', () => {
    const { lines, stream } = capture();
    const logger = pino(loggerOptions('intake', 'info'), stream);
    logger.info({ caseId: 'c1', payload: { reporter: { name: '张三', phone: '13800000000' } } }, 'received');
    logger.info({ phone: '13800000000' }, 'direct');
    logger.info({ record: { reporterName: '张三', reporterPhone: '13800000000' } }, 'entity');
    const written = lines.join('\n');
    expect(written).not.toContain('13800000000');
    expect(written).not.toContain('张三');
    expect(written).toContain('"caseId":"c1"');
  });

  it('never writes a webhook signing secret, clear or sealed', () => {
    const { lines, stream } = capture();
    const logger = pino(loggerOptions('execution', 'info'), stream);
    logger.info({ secret: 'whsec_clear1' }, 'direct');
    logger.info({ webhook: { id: 'w1', secret: 'whsec_clear2' } }, 'answer');
    logger.info({ delivery: { id: 'd1', sealedSecret: 'v1:k1:iv:tag:ct' } }, 'due');
    const written = lines.join('\n');
    expect(written).not.toMatch(/whsec_clear|v1:k1/);
    expect(written).toContain('"id":"d1"');
  });
});
