import { z } from 'zod';
import { infrastructureEnvSchema } from './infrastructure-env';
import { ConfigError, loadConfig, redactUrl } from './load-config';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig(infrastructureEnvSchema, {});
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/hotline');
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(config.DATABASE_PREPARED_STATEMENTS).toBe(true);
    expect(config.CONSUMER_FETCH_MIN_BYTES).toBe(65_536);
    expect(config.CONSUMER_FETCH_MAX_WAIT_MS).toBe(100);
  });

  it('reads the throughput settings an operator may change, and refuses nonsense', () => {
    const config = loadConfig(infrastructureEnvSchema, { DATABASE_PREPARED_STATEMENTS: 'false', CONSUMER_FETCH_MIN_BYTES: '32768', CONSUMER_FETCH_MAX_WAIT_MS: '25' });
    expect(config.DATABASE_PREPARED_STATEMENTS).toBe(false);
    expect(config.CONSUMER_FETCH_MIN_BYTES).toBe(32_768);
    expect(config.CONSUMER_FETCH_MAX_WAIT_MS).toBe(25);
    expect(() => loadConfig(infrastructureEnvSchema, { DATABASE_PREPARED_STATEMENTS: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig(infrastructureEnvSchema, { CONSUMER_FETCH_MAX_WAIT_MS: '0' })).toThrow(ConfigError);
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
