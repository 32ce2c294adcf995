import { orQuery } from '../domain/knowledge/segmenters';

/** Anything that runs SQL and answers the rows: a TypeORM DataSource or EntityManager. */
export interface SqlRunner {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

export interface IndexedDocument {
  /** Terms weighted A: the entry's question and keywords. */
  primary: readonly string[];
  /** Terms weighted B: the answer. */
  secondary: readonly string[];
}

/** SQL for the search vector of an entry from its terms ($n = primary, $n+1 = secondary, each space-joined). */
export const searchVectorSql = (n: number): string =>
  `setweight(to_tsvector('simple', $${n}), 'A') || setweight(to_tsvector('simple', $${n + 1}), 'B')`;

export const searchVectorParameters = (document: IndexedDocument): [string, string] => [document.primary.join(' '), document.secondary.join(' ')];

export interface SearchHit {
  id: string;
  /** ts_rank, normalised by the log of the document length (1) and into [0, 1) (32). */
  score: number;
  terms: string[];
}

/**
 * Ranked full-text search over a table with a GIN-indexed `search_vector`: any query term may
 * match (the GIN index finds the candidates), ts_rank orders them (measured: ts_rank_cd scores OR queries far worse, see README).
 */
export async function searchIndexed(
  db: SqlRunner,
  spec: { table: string; idColumn: string; agencyId?: string },
  terms: readonly string[],
  limit: number,
): Promise<SearchHit[]> {
  if (terms.length === 0) return [];
  const rows = await db.query<Array<{ id: string | number; score: number; terms: string[] }>>(
    `SELECT ${spec.idColumn} AS id, ts_rank(search_vector, query, 1 | 32) AS score, tsvector_to_array(search_vector) AS terms
       FROM ${spec.table}, to_tsquery('simple', $1) AS query
      WHERE search_vector @@ query ${spec.agencyId === undefined ? '' : 'AND agency_id = $3'}
      ORDER BY score DESC, ${spec.idColumn}
      LIMIT $2`,
    [orQuery(terms), limit, ...(spec.agencyId === undefined ? [] : [spec.agencyId])],
  );
  return rows.map((row) => ({ id: String(row.id), score: Number(row.score), terms: row.terms }));
}
