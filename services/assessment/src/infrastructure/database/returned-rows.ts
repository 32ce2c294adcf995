/**
 * The rows of an `UPDATE … RETURNING`: TypeORM's Postgres driver answers `[rows, affectedCount]` for
 * UPDATE and DELETE, and the rows themselves for SELECT and INSERT.
 */
export function returnedRows<T>(result: unknown): T[] {
  const isUpdateResult = Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';
  return (isUpdateResult ? result[0] : result) as T[];
}
