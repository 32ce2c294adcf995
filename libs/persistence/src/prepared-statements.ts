import { createHash } from 'node:crypto';
import pg from 'pg';

/** How many statements one connection keeps prepared; beyond it, texts go unnamed. */
const PER_CONNECTION_LIMIT = 256;
/** Texts remembered while counting how often each is seen (forgotten in one go when full). */
const SEEN_LIMIT = 4_096;

const seenTexts = new Map<string, number>();
const namesByText = new Map<string, string>();

/**
 * The statement name for a parameterised text seen often enough to be worth preparing, else
 * undefined. A text is named from its second use, so one-off texts (a bulk insert of an unusual row
 * count) do not fill a connection's statement cache. The name is a hash of the text: the same text
 * has the same name on every connection, and two texts never share one.
 */
export function statementNameFor(text: string): string | undefined {
  const known = namesByText.get(text);
  if (known !== undefined) return known;
  const seen = (seenTexts.get(text) ?? 0) + 1;
  if (seen < 2) {
    if (seenTexts.size >= SEEN_LIMIT) seenTexts.clear();
    seenTexts.set(text, seen);
    return undefined;
  }
  seenTexts.delete(text);
  const name = `h${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  if (namesByText.size >= SEEN_LIMIT) namesByText.clear();
  namesByText.set(text, name);
  return name;
}

/**
 * A `pg` client that sends the parameterised statements a service repeats as named prepared
 * statements: Postgres then parses and plans each once per connection instead of on every call
 * (TypeORM sends every query unnamed). Text-only statements (`START TRANSACTION`, `COMMIT`) and
 * anything already named, streamed or passed as a config object are left as they are. Switched off
 * with `DATABASE_PREPARED_STATEMENTS=false`, e.g. behind a transaction-pooling PgBouncer.
 */
export class PreparingClient extends pg.Client {
  private readonly preparedNames = new Set<string>();

  /** The name to send `text` under on this connection, or undefined to send it unnamed. */
  statementName(text: string): string | undefined {
    const name = statementNameFor(text);
    if (name === undefined || this.preparedNames.has(name)) return name;
    if (this.preparedNames.size >= PER_CONNECTION_LIMIT) return undefined;
    this.preparedNames.add(name);
    return name;
  }
}

// pg's query() has a dozen overloads; it is replaced on the prototype rather than overridden. The
// parent's query is looked up at call time, so an instrumentation that patches pg.Client later
// (OpenTelemetry's) still sees every query.
PreparingClient.prototype.query = function query(this: PreparingClient, ...args: unknown[]): unknown {
  const unnamedQuery = (pg.Client.prototype as unknown as { query: (...input: unknown[]) => unknown }).query;
  const [text, values, ...rest] = args;
  if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
    const name = this.statementName(text);
    if (name !== undefined) return unnamedQuery.call(this, { name, text, values }, ...rest);
  }
  return unnamedQuery.apply(this, args);
} as pg.Client['query'];
