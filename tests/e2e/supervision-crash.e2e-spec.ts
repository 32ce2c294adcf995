import type { Client } from 'pg';
import {
  E2eStack,
  aDispatchedCase,
  aShortProfile,
  aTestCategory,
  actAs,
  connectDatabase,
  expectEventually,
  outboxEvents,
  publishCaseEvents,
  testFetch,
  timerEventKeys,
} from '@hotline/testing';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// A short profile in seconds: warnings at 50 %, breaches at 3 s and 6 s, escalations 3 s later. The
// supervision process is SIGKILLed right after the first warning and stays down while the breaches
// fall due, so they fire from Postgres after the restart: each exactly once.
describe('supervision clocks survive a SIGKILL', () => {
  const stack = new E2eStack({ TIMER_POLL_INTERVAL_MS: '100' });
  let db: Client;

  beforeAll(async () => {
    await stack.start('supervision');
    db = await connectDatabase();
  }, 240_000);

  afterAll(async () => {
    await stack.stopAll();
    await db?.end();
  });

  it('fires warning → breach → escalation once each across a SIGKILL and restart', async () => {
    const category = aTestCategory();
    const profile = await testFetch(`${stack.url('supervision')}/v1/sla-profiles/${category}`, {
      method: 'PUT',
      headers: { ...(await actAs('admin')), 'content-type': 'application/json' },
      body: JSON.stringify(aShortProfile(category, { sign: 'PT3S', firstContact: 'PT3S', feedback: 'PT6S' })),
    });
    expect(profile.status).toBe(200);
    const { caseId, events } = aDispatchedCase(category);
    await publishCaseEvents(events);

    await expectEventually(async () => expect(timerEventKeys(await outboxEvents(db, 'supervision', caseId))).toContain('warning:sign:0.5'), { timeoutMs: 60_000 });
    await stack.crash('supervision');
    const { rows: dueWhileDown } = await db.query<{ n: number }>(
      `SELECT coalesce(sum(jsonb_array_length(pending_timers)), 0)::int AS n FROM supervision.clocks WHERE case_id = $1`,
      [caseId],
    );
    expect(dueWhileDown[0].n).toBeGreaterThan(0);
    await sleep(4_000);
    await stack.start('supervision');

    const expected = [
      'deadline_passed',
      ...['sign', 'first_contact', 'feedback'].flatMap((clock) => [`warning:${clock}:0.5`, `supervised:${clock}:1:district`, `supervised:${clock}:2:city`]),
    ].sort();
    await expectEventually(async () => expect(timerEventKeys(await outboxEvents(db, 'supervision', caseId))).toEqual(expected), { timeoutMs: 60_000 });
    // Nothing more comes later: every timer of the case has fired, once.
    await sleep(1_500);
    expect(timerEventKeys(await outboxEvents(db, 'supervision', caseId))).toEqual(expected);
    const { rows } = await db.query<{ unfired: number; fired: number }>(
      `SELECT (SELECT coalesce(sum(jsonb_array_length(pending_timers)), 0)::int FROM supervision.clocks WHERE case_id = $1) AS unfired,
              (SELECT count(*)::int FROM supervision.timers WHERE case_id = $1) AS fired`,
      [caseId],
    );
    expect(rows).toEqual([{ unfired: 0, fired: 9 }]);
    // And the relay published them to Kafka: the outbox rows are marked sent.
    await expectEventually(async () => {
      const { rows: unsent } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM supervision.outbox WHERE message_key = $1 AND published_at IS NULL`, [caseId]);
      expect(unsent).toEqual([{ n: 0 }]);
    }, { timeoutMs: 30_000 });
  });
});
