import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { SEGMENTERS, queryTerms, searchTerms, type SegmenterName } from '../domain/knowledge/segmenters';
import { searchIndexed, type SqlRunner, searchVectorParameters, searchVectorSql } from '../knowledge/knowledge-search.sql';
import { parseCsv } from './parse-csv';

// Usage: npm run knowledge:eval [-- N [messages.csv]]
// Loads N real citizen messages' bodies (detail) as knowledge entries into a temporary GIN-indexed
// table, queries with each message's title through the same SQL as GET /v1/knowledge/search, and
// counts how often the top hit is the message's own body (precision at 1), per segmenter.
// From source (jest) or from dist/ (the npm script): shared/ sits beside the repository.
const DEFAULT_PATH = [5, 6]
  .map((up) => resolve(__dirname, '../'.repeat(up), 'shared/data/complaints-zh/messages.csv'))
  .find((path) => existsSync(path)) ?? resolve(__dirname, '../../../../../shared/data/complaints-zh/messages.csv');

export interface EvalMessage {
  title: string;
  detail: string;
}

/** Messages with a title and a body, de-duplicated on the title (a repeated title has no single right answer). */
export function loadMessages(path: string, limit: number): EvalMessage[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  const title = header?.indexOf('title') ?? -1;
  const detail = header?.indexOf('detail') ?? -1;
  if (title < 0 || detail < 0) throw new Error(`${path} needs the columns title and detail`);
  const seen = new Set<string>();
  const messages: EvalMessage[] = [];
  for (const row of rows) {
    const message = { title: (row[title] ?? '').trim(), detail: (row[detail] ?? '').trim() };
    if (!message.title || !message.detail || seen.has(message.title)) continue;
    seen.add(message.title);
    messages.push(message);
    if (messages.length >= limit) break;
  }
  return messages;
}

export interface EvalResult {
  segmenter: SegmenterName;
  entries: number;
  precisionAt1: number;
  meanQueryMs: number;
  p95QueryMs: number;
  indexMs: number;
}

const rowsOf = (db: Client): SqlRunner => ({ query: async <T>(sql: string, parameters?: unknown[]) => (await db.query(sql, parameters)).rows as T });

/** Precision at 1 of one segmenter over the messages, in a temporary table of this connection. */
export async function evaluateSegmenter(db: Client, messages: readonly EvalMessage[], segmenter: SegmenterName): Promise<EvalResult> {
  await db.query('DROP TABLE IF EXISTS pg_temp.knowledge_eval');
  await db.query('CREATE TEMP TABLE knowledge_eval (entry_id integer PRIMARY KEY, search_vector tsvector NOT NULL)');
  await db.query('CREATE INDEX ON pg_temp.knowledge_eval USING gin (search_vector)');
  const indexStart = performance.now();
  for (const [i, message] of messages.entries()) {
    await db.query(`INSERT INTO pg_temp.knowledge_eval VALUES ($1, ${searchVectorSql(2)})`, [
      i,
      ...searchVectorParameters({ primary: searchTerms(message.detail, segmenter), secondary: [] }),
    ]);
  }
  await db.query('ANALYZE pg_temp.knowledge_eval');
  const indexMs = performance.now() - indexStart;
  let hits = 0;
  const latencies: number[] = [];
  for (const [i, message] of messages.entries()) {
    const start = performance.now();
    const [top] = await searchIndexed(rowsOf(db), { table: 'pg_temp.knowledge_eval', idColumn: 'entry_id' }, queryTerms(message.title, segmenter), 1);
    latencies.push(performance.now() - start);
    if (top?.id === String(i)) hits += 1;
  }
  latencies.sort((a, b) => a - b);
  return {
    segmenter,
    entries: messages.length,
    precisionAt1: hits / Math.max(1, messages.length),
    meanQueryMs: latencies.reduce((sum, ms) => sum + ms, 0) / Math.max(1, latencies.length),
    p95QueryMs: latencies[Math.floor(latencies.length * 0.95)] ?? 0,
    indexMs,
  };
}

async function main(): Promise<void> {
  const sizes = process.argv[2] ? [Number(process.argv[2])] : [300, 1000, 2000];
  const path = process.argv[3] ?? DEFAULT_PATH;
  if (!existsSync(path)) {
    console.log(`skipped: ${path} is absent (it lives in shared/data/complaints-zh beside the repository)`);
    return;
  }
  const db = new Client({ connectionString: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/hotline' });
  await db.connect();
  try {
    console.log(`${path}\nsegmenter  entries  P@1     query mean  query p95  indexing`);
    for (const size of sizes) {
      const messages = loadMessages(path, size);
      for (const segmenter of SEGMENTERS) {
        const r = await evaluateSegmenter(db, messages, segmenter);
        console.log(
          `${r.segmenter.padEnd(10)} ${String(r.entries).padStart(7)}  ${(100 * r.precisionAt1).toFixed(1).padStart(5)}%  ${r.meanQueryMs.toFixed(2).padStart(7)} ms  ${r.p95QueryMs.toFixed(2).padStart(6)} ms  ${(r.indexMs / 1000).toFixed(1)} s`,
        );
      }
    }
  } finally {
    await db.end();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
