/** A failure that will not go away by retrying: the message goes to the dead-letter topic. */
export class PermanentMessageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PermanentMessageError';
  }
}

const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether retrying can help: connection problems, Postgres class 08 (connection), 40 (serialization,
 * deadlock), 53 (resources), 57P (operator intervention, e.g. shutdown), and either Kafka client's retriable errors.
 */
export function isTransientError(err: unknown): boolean {
  if (err instanceof PermanentMessageError) return false;
  if (typeof err !== 'object' || err === null) return false;
  const { code, retriable, canRetry, name, message } = err as {
    code?: unknown;
    retriable?: unknown;
    canRetry?: unknown;
    name?: unknown;
    message?: unknown;
  };
  // kafkajs marks retriable errors `retriable`, @platformatic/kafka `canRetry`.
  if (retriable === true || canRetry === true) return true;
  if (typeof code === 'string') {
    if (TRANSIENT_NODE_CODES.has(code)) return true;
    if (/^(08|40|53|57P)/.test(code)) return true;
  }
  if (name === 'KafkaJSConnectionError' || name === 'KafkaJSRequestTimeoutError') return true;
  return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect/i.test(message);
}
