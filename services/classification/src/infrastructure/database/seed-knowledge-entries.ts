import type { DataSource } from 'typeorm';
import { KNOWLEDGE_ENTRIES } from '@hotline/demo-city';
import { DEFAULT_SEGMENTER, searchTerms } from '../../domain/knowledge/segmenters';
import { searchVectorParameters, searchVectorSql } from '../../knowledge/knowledge-search.sql';

/**
 * Adds the demo city's knowledge entries that are missing; an entry a unit has edited since is left
 * alone. Cut with the default segmenter: the service re-cuts them at boot if configured otherwise.
 */
export async function seedKnowledgeEntries(dataSource: DataSource, schema: string): Promise<string> {
  let added = 0;
  for (const entry of KNOWLEDGE_ENTRIES) {
    const terms = (text: string) => searchTerms(text, DEFAULT_SEGMENTER);
    const vector = searchVectorParameters({ primary: [...terms(entry.question), ...entry.keywords.flatMap(terms)], secondary: terms(entry.answer) });
    const rows = await dataSource.query<unknown[]>(
      `INSERT INTO "${schema}".knowledge_entries
         (entry_id, agency_id, question, answer, category, keywords, segmenter, search_vector, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, ${searchVectorSql(8)}, 'seed:demo-city', 'seed:demo-city')
       ON CONFLICT (entry_id) DO NOTHING RETURNING entry_id`,
      [entry.entryId, entry.agencyId, entry.question, entry.answer, entry.category, [...entry.keywords], DEFAULT_SEGMENTER, ...vector],
    );
    added += rows.length;
  }
  return `knowledge entries: ${KNOWLEDGE_ENTRIES.length} in the demo city, ${added} added`;
}
