import { z } from 'zod';
import { infrastructureEnvSchema } from './infrastructure-env';
import { ConfigError, loadConfig, redactUrl } from './load-config';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig(infrastructureEnvSchema, {});
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/hotline');
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
  });

  it('lists every invalid variable at once', () => {
    const schema = infrastructureEnvSchema.extend({ PORT: z.coerce.number().int().positive() });
    try {
      loadConfig(schema, { PORT: 'abc', DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'nohostport' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('DATABASE_URL');
      expect(problems).toContain('KAFKA_BROKERS');
    }
  });

  it('redacts passwords in connection URLs', () => {
    expect(redactUrl('postgres://user:secret@db:5432/hotline')).toBe('postgres://user:***@db:5432/hotline');
  });
});
