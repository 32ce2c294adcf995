import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';

/** One statement that wrote a watched table: the cases of the rows it wrote, its transaction and its turn. */
export interface WrittenStatement {
  /** `schema.table` */
  readonly table: string;
  readonly caseIds: string[];
  readonly tx: string;
  /** Numbers the statements in the order they ran (one per statement, whatever its rows). */
  readonly statement: number;
}

export interface StatementWatch {
  /** The statements that wrote rows of any of these cases, in the order they ran. */
  writing(caseIds: readonly string[]): Promise<WrittenStatement[]>;
  /** Removes the triggers and what they recorded. */
  stop(): Promise<void>;
}

/**
 * Watches the statements that write rows to tables with a `case_id` column, through a statement-level
 * trigger on each that records the rows' cases: how tests prove that a batch's rows go in one statement.
 * The statement's number is drawn once per statement (a DECLAREd nextval), not once per row.
 */
export async function watchStatements(db: Client, tables: readonly string[], operation: 'INSERT' | 'UPDATE' = 'INSERT'): Promise<StatementWatch> {
  const name = `statement_watch_${randomUUID().slice(0, 8)}`;
  await db.query(`CREATE TABLE public.${name} (tbl text, case_ids uuid[], tx bigint, statement bigint)`);
  await db.query(`CREATE SEQUENCE public.${name}_statements`);
  await db.query(
    `CREATE FUNCTION public.${name}() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE statement bigint := nextval('public.${name}_statements');
       BEGIN
         INSERT INTO public.${name} SELECT TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, array_agg(case_id), txid_current(), statement FROM written;
         RETURN NULL;
       END $$`,
  );
  for (const table of tables) {
    await db.query(`CREATE TRIGGER ${name} AFTER ${operation} ON ${table} REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION public.${name}()`);
  }
  return {
    writing: async (caseIds) => {
      const { rows } = await db.query<{ tbl: string; case_ids: string[]; tx: string; statement: string }>(
        `SELECT tbl, case_ids, tx::text AS tx, statement FROM public.${name} WHERE case_ids && $1::uuid[] ORDER BY statement`,
        [caseIds],
      );
      return rows.map((row) => ({ table: row.tbl, caseIds: row.case_ids, tx: row.tx, statement: Number(row.statement) }));
    },
    stop: async () => {
      for (const table of tables) await db.query(`DROP TRIGGER IF EXISTS ${name} ON ${table}`);
      await db.query(`DROP FUNCTION IF EXISTS public.${name}()`);
      await db.query(`DROP TABLE IF EXISTS public.${name}`);
      await db.query(`DROP SEQUENCE IF EXISTS public.${name}_statements`);
    },
  };
}
