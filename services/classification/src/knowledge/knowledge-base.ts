import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { coverage, queryTerms, searchTerms, type SegmenterName } from '../domain/knowledge/segmenters';
import { searchIndexed, searchVectorParameters, searchVectorSql } from './knowledge-search.sql';

export const KNOWLEDGE_SEGMENTER = Symbol('KNOWLEDGE_SEGMENTER');

export interface KnowledgeEntryView {
  entryId: string;
  agencyId: string;
  question: string;
  answer: string;
  category: string | null;
  keywords: string[];
  version: number;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface KnowledgeHit extends KnowledgeEntryView {
  score: number;
  coverage: number;
}

export interface KnowledgeSearchView {
  query: string;
  terms: string[];
  segmenter: string;
  items: KnowledgeHit[];
}

export interface KnowledgeEntryInput {
  agencyId: string;
  question: string;
  answer: string;
  category: string | null;
  keywords: readonly string[];
}

export type UpdateEntryResult =
  | { status: 'updated'; entry: KnowledgeEntryView }
  | { status: 'not_found' }
  | { status: 'forbidden' }
  | { status: 'version_conflict'; currentVersion: number };

interface EntryRow {
  entry_id: string;
  agency_id: string;
  question: string;
  answer: string;
  category: string | null;
  keywords: string[];
  version: number;
  updated_by: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'entry_id, agency_id, question, answer, category, keywords, version, updated_by, created_at, updated_at';

const toView = (row: EntryRow): KnowledgeEntryView => ({
  entryId: row.entry_id,
  agencyId: row.agency_id,
  question: row.question,
  answer: row.answer,
  category: row.category,
  keywords: row.keywords,
  version: row.version,
  updatedBy: row.updated_by,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** 知识库: the entries, their segmented search vectors, and ranked search over them. */
@Injectable()
export class KnowledgeBase implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(KNOWLEDGE_SEGMENTER) readonly segmenter: SegmenterName,
  ) {}

  /** Entries cut by another segmenter (the setting changed) are cut again, so one query matches all. */
  async onModuleInit(): Promise<void> {
    const stale = await this.dataSource.query<Array<Pick<EntryRow, 'entry_id' | 'question' | 'answer' | 'keywords'>>>(
      'SELECT entry_id, question, answer, keywords FROM classification.knowledge_entries WHERE segmenter <> $1',
      [this.segmenter],
    );
    for (const entry of stale) {
      await this.dataSource.query(
        `UPDATE classification.knowledge_entries SET segmenter = $2, search_vector = ${searchVectorSql(3)} WHERE entry_id = $1`,
        [entry.entry_id, this.segmenter, ...this.indexed(entry)],
      );
    }
  }

  private indexed(input: Pick<KnowledgeEntryInput, 'question' | 'answer' | 'keywords'>): [string, string] {
    return searchVectorParameters({
      primary: [...searchTerms(input.question, this.segmenter), ...input.keywords.flatMap((k) => searchTerms(k, this.segmenter))],
      secondary: searchTerms(input.answer, this.segmenter),
    });
  }

  async list(query: { agencyId?: string | undefined; limit: number; offset: number }): Promise<{ items: KnowledgeEntryView[]; total: number }> {
    const where = query.agencyId ? 'WHERE agency_id = $1' : 'WHERE $1::text IS NULL';
    const rows = await this.dataSource.query<EntryRow[]>(
      `SELECT ${COLUMNS} FROM classification.knowledge_entries ${where} ORDER BY updated_at DESC, entry_id LIMIT $2 OFFSET $3`,
      [query.agencyId ?? null, query.limit, query.offset],
    );
    const [{ total }] = await this.dataSource.query<[{ total: number }]>(
      `SELECT count(*)::int AS total FROM classification.knowledge_entries ${where}`,
      [query.agencyId ?? null],
    );
    return { items: rows.map(toView), total };
  }

  async create(input: KnowledgeEntryInput, principalId: string, manager: EntityManager = this.dataSource.manager): Promise<KnowledgeEntryView> {
    const [row] = await manager.query<EntryRow[]>(
      `INSERT INTO classification.knowledge_entries
         (entry_id, agency_id, question, answer, category, keywords, segmenter, search_vector, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, ${searchVectorSql(8)}, $10, $10)
       RETURNING ${COLUMNS}`,
      [randomUUID(), input.agencyId, input.question, input.answer, input.category, [...input.keywords], this.segmenter, ...this.indexed(input), principalId],
    );
    return toView(row);
  }

  /** Optimistic: the update applies only to the version the editor read. */
  async update(
    entryId: string,
    input: Omit<KnowledgeEntryInput, 'agencyId'> & { version: number },
    editor: { principalId: string; agencyId: string | null },
  ): Promise<UpdateEntryResult> {
    return this.dataSource.transaction(async (manager) => {
      const [current] = await manager.query<Array<{ agency_id: string; version: number }>>(
        'SELECT agency_id, version FROM classification.knowledge_entries WHERE entry_id = $1 FOR UPDATE',
        [entryId],
      );
      if (!current) return { status: 'not_found' };
      if (editor.agencyId !== null && editor.agencyId !== current.agency_id) return { status: 'forbidden' };
      if (current.version !== input.version) return { status: 'version_conflict', currentVersion: current.version };
      // TypeORM answers an UPDATE … RETURNING as [rows, affected].
      const [[row]] = await manager.query<[EntryRow[], number]>(
        `UPDATE classification.knowledge_entries
            SET question = $2, answer = $3, category = $4, keywords = $5, segmenter = $6, search_vector = ${searchVectorSql(7)},
                version = version + 1, updated_by = $9, updated_at = now()
          WHERE entry_id = $1 AND version = $10
          RETURNING ${COLUMNS}`,
        [entryId, input.question, input.answer, input.category, [...input.keywords], this.segmenter, ...this.indexed(input), editor.principalId, input.version],
      );
      return { status: 'updated', entry: toView(row) };
    });
  }

  async search(
    text: string,
    options: { limit: number; agencyId?: string | undefined },
    db: DataSource | EntityManager = this.dataSource,
  ): Promise<KnowledgeSearchView> {
    const terms = queryTerms(text, this.segmenter);
    const table = { table: 'classification.knowledge_entries', idColumn: 'entry_id', ...(options.agencyId ? { agencyId: options.agencyId } : {}) };
    const hits = await searchIndexed(db, table, terms, options.limit);
    if (hits.length === 0) return { query: text, terms, segmenter: this.segmenter, items: [] };
    const rows = await db.query<EntryRow[]>(`SELECT ${COLUMNS} FROM classification.knowledge_entries WHERE entry_id = ANY($1)`, [hits.map((h) => h.id)]);
    const byId = new Map(rows.map((row) => [row.entry_id, row]));
    const items = hits.flatMap((hit): KnowledgeHit[] => {
      const row = byId.get(hit.id);
      return row ? [{ ...toView(row), score: hit.score, coverage: coverage(terms, new Set(hit.terms)) }] : [];
    });
    return { query: text, terms, segmenter: this.segmenter, items };
  }
}
