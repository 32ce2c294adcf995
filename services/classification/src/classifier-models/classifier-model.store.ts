import { deserializeModel, serializeModel, type TextClassifierModel } from '@hotline/text-classifier';

/** Anything that runs SQL: a TypeORM DataSource or EntityManager. */
export interface Queryable {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

export interface PublishedModel {
  readonly version: number;
  readonly model: TextClassifierModel;
  readonly sizeBytes: number;
}

/** What `classifierVersion` says for a case the trained model classified. */
export const modelClassifierVersion = (version: number): string => `text-classifier.${version}`;

/** Category codes classification knows (the keyword catalogue). */
export async function knownCategories(db: Queryable): Promise<Set<string>> {
  const rows = await db.query<Array<{ category: string }>>('SELECT category FROM classification.keyword_rules');
  return new Set(rows.map((r) => r.category));
}

/**
 * Stores a new model version; it classifies from the next cache check on. Fails when a category label
 * is not a category classification knows: dispatch could not route such a case.
 */
export async function publishModel(db: Queryable, model: TextClassifierModel, metadata: { source: string; metrics?: unknown }): Promise<number> {
  const category = model.heads.find((h) => h.name === 'category');
  if (!category) throw new Error('a published model needs a category head');
  const known = await knownCategories(db);
  const unknown = category.labels.filter((label) => !known.has(label));
  if (unknown.length > 0) {
    throw new Error(
      `cannot publish: category label(s) ${unknown.join(', ')} are not categories classification knows (classification.keyword_rules); ` +
        'train on data labelled with category codes',
    );
  }
  const [row] = await db.query<Array<{ version: number }>>(
    `INSERT INTO classification.classifier_models (model, category_labels, heads, metrics, source)
     VALUES ($1, $2, $3, $4, $5) RETURNING version`,
    [serializeModel(model), category.labels, model.heads.map((h) => h.name), JSON.stringify(metadata.metrics ?? {}), metadata.source],
  );
  if (!row) throw new Error('publishing the model returned no version');
  return row.version;
}

/** The newest active version's number (0: none), cheap enough to poll. */
export async function activeModelVersion(db: Queryable): Promise<number> {
  const [row] = await db.query<Array<{ version: number | null }>>('SELECT max(version) AS version FROM classification.classifier_models WHERE is_active');
  return row?.version ?? 0;
}

export async function loadModel(db: Queryable, version: number): Promise<PublishedModel | null> {
  const [row] = await db.query<Array<{ version: number; model: Buffer }>>('SELECT version, model FROM classification.classifier_models WHERE version = $1', [
    version,
  ]);
  return row ? { version: row.version, model: deserializeModel(row.model), sizeBytes: row.model.length } : null;
}

/** One case as training data: its text, and the category a dispatcher corrected it to, or the one it was classified under. */
export interface CaseExample {
  readonly caseId: string;
  readonly title: string;
  readonly detail: string;
  readonly category: string;
  readonly urgency: string;
  readonly isCorrected: boolean;
}

/** Closed cases and every corrected case (closed or not), with the corrected category where there is one. */
export async function caseExamples(db: Queryable): Promise<CaseExample[]> {
  const rows = await db.query<Array<{ case_id: string; text: string; category: string; urgency: string; corrected: boolean }>>(
    `SELECT o.case_id, o.text, coalesce(k.corrected_category, c.category) AS category, c.urgency, k.case_id IS NOT NULL AS corrected
       FROM classification.open_cases o
       JOIN classification.classifications c ON c.case_id = o.case_id
       LEFT JOIN classification.category_corrections k ON k.case_id = o.case_id
      WHERE o.closed_at IS NOT NULL OR k.case_id IS NOT NULL
      ORDER BY o.case_id`,
  );
  return rows.map((r) => {
    const cut = r.text.indexOf('\n');
    return {
      caseId: r.case_id,
      title: cut < 0 ? r.text : r.text.slice(0, cut),
      detail: cut < 0 ? '' : r.text.slice(cut + 1),
      category: r.category,
      urgency: r.urgency,
      isCorrected: r.corrected,
    };
  });
}
