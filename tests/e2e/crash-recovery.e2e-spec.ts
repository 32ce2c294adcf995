import { connectDatabase, E2eStack, aCaseRequest, expectEventually, httpJson, type ServiceName } from '@hotline/testing';
import type { Client } from 'pg';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('crash recovery: SIGKILL services in the middle of a stream of cases', () => {
  let stack: E2eStack;
  let db: Client;

  beforeAll(async () => {
    stack = new E2eStack();
    await stack.startAll();
    db = await connectDatabase();
  }, 240_000);

  afterAll(async () => {
    await stack?.stopAll();
    await db?.end();
  });

  it('loses no case and duplicates none', async () => {
    const caseIds: string[] = [];
    const victims: ServiceName[] = ['classification', 'dispatch', 'audit', 'execution', 'feedback', 'intake'];
    const total = 60;
    for (let i = 0; i < total; i += 1) {
      // Every 10 cases, one service dies without warning and comes back a moment later.
      if (i > 0 && i % 10 === 0) {
        const victim = victims[i / 10 - 1]!;
        await stack.crash(victim);
        if (victim !== 'intake') void sleep(300).then(() => stack.start(victim));
        else await stack.start(victim);
      }
      const key = `crash-${Date.now()}-${i}`;
      const post = () => httpJson<{ caseId: string }>('POST', `${stack.url('intake')}/v1/cases`, aCaseRequest({ externalId: key }), { 'Idempotency-Key': key });
      // A client retries with the same key until intake answers; the key keeps it from creating twice.
      const response = await expectEventually(async () => {
        const attempt = await post();
        expect(attempt.status).toBe(202);
        return attempt;
      }, { timeoutMs: 60_000, intervalMs: 250 });
      caseIds.push(response.body.caseId);
      await sleep(50);
    }
    expect(new Set(caseIds).size).toBe(total);

    await expectEventually(async () => {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit.case_view WHERE case_id = ANY($1::uuid[]) AND status = 'dispatched'`,
        [caseIds],
      );
      expect(rows[0]?.n).toBe(total);
    }, { timeoutMs: 120_000, intervalMs: 500 });

    const perCase = await db.query<{ case_id: string; received: number; classified: number; dispatched: number }>(
      `SELECT case_id,
              count(*) FILTER (WHERE type = 'case.received')::int AS received,
              count(*) FILTER (WHERE type = 'case.classified')::int AS classified,
              count(*) FILTER (WHERE type = 'case.dispatched')::int AS dispatched
         FROM audit.case_events WHERE case_id = ANY($1::uuid[]) GROUP BY case_id`,
      [caseIds],
    );
    expect(perCase.rows).toHaveLength(total);
    for (const row of perCase.rows) expect({ ...row, case_id: undefined }).toEqual({ case_id: undefined, received: 1, classified: 1, dispatched: 1 });

    const intakeCases = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM intake.cases WHERE case_id = ANY($1::uuid[])', [caseIds]);
    expect(intakeCases.rows[0]?.n).toBe(total);
    const dispatches = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM dispatch.dispatches WHERE case_id = ANY($1::uuid[])', [caseIds]);
    expect(dispatches.rows[0]?.n).toBe(total);
    const assignments = await expectEventually(async () => {
      const result = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM execution.assignments WHERE case_id = ANY($1::uuid[])', [caseIds]);
      expect(result.rows[0]?.n).toBe(total);
      return result;
    }, { timeoutMs: 60_000 });
    expect(assignments.rows[0]?.n).toBe(total);
  });
});
