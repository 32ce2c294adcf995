import { PermanentMessageError, isTransientError } from './errors';

describe('isTransientError', () => {
  it('retries what infrastructure outages throw, from Postgres, Node and either Kafka client', () => {
    expect(isTransientError({ code: '08006' })).toBe(true);
    expect(isTransientError({ code: '40P01' })).toBe(true);
    expect(isTransientError({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isTransientError({ name: 'KafkaJSNumberOfRetriesExceeded', retriable: true })).toBe(true);
    expect(isTransientError({ code: 'PLT_KFK_NETWORK', canRetry: true })).toBe(true);
  });

  it('dead-letters what retrying cannot fix', () => {
    expect(isTransientError(new PermanentMessageError('CASE.ILLEGAL_TRANSITION', 'no'))).toBe(false);
    expect(isTransientError({ code: '23505' })).toBe(false);
    expect(isTransientError({ code: 'PLT_KFK_USER', canRetry: false })).toBe(false);
    expect(isTransientError(new Error('boom'))).toBe(false);
  });
});
