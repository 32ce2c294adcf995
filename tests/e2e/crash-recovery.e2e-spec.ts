import { E2eStack, actAs, connectDatabase, expectEventually, kafkaBroker, type ServiceName } from '@hotline/testing';
import type { Client } from 'pg';
import { CaseStream, type AcceptedCase } from './crash-recovery/case-stream';
import { consumerGroups } from './crash-recovery/consumer-groups';
import { LoopDesk } from './crash-recovery/loop-desk';
import { outboxStates } from './crash-recovery/outbox-state';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// Every service dies once, intake included; the broker restarts once, after the last victim's kill,
// so the other five must ride it out without a restart and the last one boots while it is down.
const VICTIMS: readonly ServiceName[] = ['intake', 'classification', 'dispatch', 'execution', 'feedback', 'audit'];
const FIRST_KILL_AT_MS = 2_000;
const KILL_EVERY_MS = 4_000;
// Pacing: how long a victim stays dead before it is started again.
const RESTART_PAUSE_MS = 1_000;
const BROKER_RESTART_AT_MS = FIRST_KILL_AT_MS + VICTIMS.length * KILL_EVERY_MS - KILL_EVERY_MS / 2;
// The stream goes on this long after the last restart is ready, so it also meets the recovered stack.
const STREAM_TAIL_MS = 3_000;
// The test's own budget, and what phase 3 (the record) keeps of it: the desk stops short of the budget so
// that a stuck run fails with its report (which stage, which consumer group) instead of Jest's timeout.
const TEST_TIMEOUT_MS = 480_000;
const RECORD_PHASE_MS = 75_000;
const OFFERED_PER_SECOND = 110;
// case.survey_issued: the SMS survey link, issued when the follow-up call becomes due.
const LIFECYCLE = ['case.received', 'case.classified', 'case.dispatched', 'case.signed', 'case.feedback_submitted', 'case.survey_issued', 'case.closed'];

describe('crash recovery: SIGKILL every service and restart Kafka under a concurrent stream of cases', () => {
  let stack: E2eStack;
  let db: Client;
  let runningDesk: LoopDesk | undefined;

  beforeAll(async () => {
    stack = new E2eStack({
      // The desk and the follow-up operator make thousands of calls a minute on one route each.
      RATE_LIMIT_PER_MINUTE: '1000000',
      // Intake sheds what it cannot take: every accepted case must then be closed within the test's
      // time on a shared 2-core machine, so its capacity is kept to a few dozen cases a second.
      INTAKE_MAX_IN_FLIGHT: '2',
      INTAKE_MAX_QUEUED: '50',
      // A SIGKILLed member holds its partitions until the coordinator gives up on it: the broker's least.
      KAFKA_SESSION_TIMEOUT_MS: '10000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
      // kafkajs heartbeats between chunks: with seven services starved on two cores a chunk of 200 can
      // outlast that session timeout, and the member is dropped and rejoins in a loop (seen in CI:
      // feedback stalled for two minutes). Smaller chunks keep every heartbeat well inside it.
      CONSUMER_MAX_BATCH_SIZE: '50',
    });
    await stack.startAll();
    db = await connectDatabase();
  }, 240_000);

  afterAll(async () => {
    runningDesk?.stop();
    await stack?.stopAll();
    await db?.end();
  });

  it('closes every accepted case with exactly one event of each kind, and loses or duplicates none', async () => {
    const testStarted = Date.now();
    const runId = `crash-${Date.now().toString(36)}`;
    const accepted: AcceptedCase[] = [];
    const desk = new LoopDesk({
      urls: { dispatch: stack.url('dispatch'), execution: stack.url('execution'), feedback: stack.url('feedback') },
      workersPerStage: 24,
      stepDeadlineMs: 180_000,
    });
    runningDesk = desk;
    const stream = new CaseStream({
      intakeUrl: stack.url('intake'),
      headers: await actAs('dispatcher'),
      ratePerSecond: OFFERED_PER_SECOND,
      caseDeadlineMs: 8_000,
      runId,
      onAccepted: (acceptedCase) => {
        accepted.push(acceptedCase);
        desk.add(acceptedCase.caseId);
      },
    });

    const started = Date.now();
    const schedule: string[] = [];
    const note = (what: string) => schedule.push(`${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s  ${what}`);
    const crashed: ServiceName[] = [];
    // When each victim was killed and when it was ready again (ms since the epoch).
    const downtime = new Map<ServiceName, { killedAt: number; readyAt: number }>();
    let brokerRestarts = 0;

    const crashAndRestart = async (victim: ServiceName) => {
      await stack.crash(victim);
      const killedAt = Date.now();
      crashed.push(victim);
      note(`SIGKILL ${victim}`);
      await sleep(RESTART_PAUSE_MS);
      note(`start ${victim}`);
      await stack.start(victim);
      downtime.set(victim, { killedAt, readyAt: Date.now() });
      note(`${victim} ready`);
    };
    const restartBroker = async () => {
      note('kafka: stopping broker');
      await kafkaBroker.stop();
      note('kafka: broker stopped');
      await kafkaBroker.start();
      brokerRestarts += 1;
      note('kafka: broker ready');
    };
    const plan = [
      ...VICTIMS.map((victim, index) => ({ atMs: FIRST_KILL_AT_MS + index * KILL_EVERY_MS, run: () => crashAndRestart(victim), isIntake: victim === 'intake' })),
      { atMs: BROKER_RESTART_AT_MS, run: restartBroker, isIntake: false },
    ].sort((a, b) => a.atMs - b.atMs);

    // Phase 1: the stream, with the kills and the broker restart in it. intake is the stream's only way in:
    // the rest of the plan waits until it is back (shifted by as long as that took beyond its slot), so that
    // cases arrive while each of the others is down however slowly intake restarts on a loaded machine.
    stream.start();
    note(`stream: ${OFFERED_PER_SECOND} new cases/s`);
    const actions: Promise<void>[] = [];
    let shiftMs = 0;
    for (const { atMs, run, isIntake } of plan) {
      await sleep(Math.max(0, started + shiftMs + atMs - Date.now()));
      const action = run();
      actions.push(action);
      if (isIntake) {
        await action;
        shiftMs = Math.max(0, Date.now() - started - (atMs + KILL_EVERY_MS));
      }
    }
    await Promise.all(actions);
    await sleep(STREAM_TAIL_MS);
    stream.stopLaunching();
    note('stream: no new cases');
    const stats = await stream.settled();
    note('stream: every client accepted or gave up');

    // Phase 2: the units and the follow-up desk finish every accepted case, or stop when the budget is spent.
    const budget = setTimeout(() => {
      note('loop: out of time, the desk stops');
      desk.stop();
    }, testStarted + TEST_TIMEOUT_MS - RECORD_PHASE_MS - Date.now());
    const loop = await desk.finish().finally(() => clearTimeout(budget));
    note(`loop: ${loop.closed} closed by the desk, ${loop.stuck.length} stuck`);
    // What the services owed when the desk gave up: which groups lag, and whether each still has its member.
    const groupsWhenStuck = loop.stuck.length > 0 ? await consumerGroups(VICTIMS.map((service) => `hotline.${service}`)) : [];
    // And what each service had written but not published, and whose relay held the lock to publish it.
    const outboxesWhenStuck = loop.stuck.length > 0 ? await outboxStates(db, VICTIMS) : [];

    // The stream reached every victim: while each of the five behind intake was down, intake went on
    // accepting cases that the dead service then owed work to; after intake's own restart it accepted
    // again. A kill that fell between cases would prove nothing for that service.
    const acceptedWhile = (from: number, to: number) => accepted.filter(({ acceptedAt }) => acceptedAt >= from && acceptedAt <= to).length;
    const reached = VICTIMS.map((victim) => {
      const { killedAt, readyAt } = downtime.get(victim)!;
      return { victim, accepted: victim === 'intake' ? acceptedWhile(readyAt, Infinity) : acceptedWhile(killedAt, readyAt) };
    });
    console.log(
      [
        `offered ${stats.offered} cases (${stats.offeredPerSecond.toFixed(1)}/s), accepted ${stats.accepted}, gave up ${stats.gaveUp}`,
        `requests in flight at most ${stats.maxInFlight}, 503 answers ${stats.overloaded}, connection errors ${stats.connectionErrors}, other answers ${JSON.stringify(stats.otherAnswers)}`,
        `accepted while each victim was down (intake: after its restart): ${reached.map(({ victim, accepted }) => `${victim} ${accepted}`).join(', ')}`,
        `closed by the desk ${loop.closed}, stuck ${loop.stuck.length}${loop.stuck.length > 0 ? ` e.g. ${JSON.stringify(loop.stuck.slice(0, 3))}` : ''}`,
        'schedule:',
        ...schedule,
      ].join('\n'),
    );

    // Each victim died once. Kills that fall due together on a starved machine (seen in CI: feedback and
    // audit in the same tick) may finish in either order, so the order is not part of the claim.
    expect([...crashed].sort()).toEqual([...VICTIMS].sort());
    expect(brokerRestarts).toBe(1);
    // Nobody died on their own: the broker restart did not take a service down.
    expect(stack.exited()).toEqual([]);
    expect(stats.offeredPerSecond).toBeGreaterThanOrEqual(100);
    expect(stats.connectionErrors).toBeGreaterThan(0);
    expect(stats.otherAnswers).toEqual({});
    expect(reached.filter((each) => each.accepted === 0)).toEqual([]);
    // Stuck cases counted by step and last answer, beside each group's and each outbox's state, a line each:
    // what the tail of a CI log shows.
    const stuckBy = new Map<string, number>();
    for (const { step, last } of loop.stuck) stuckBy.set(`${step}: ${last}`, (stuckBy.get(`${step}: ${last}`) ?? 0) + 1);
    expect([
      ...[...stuckBy].map(([what, count]) => `stuck at ${what}: ${count}`),
      ...groupsWhenStuck.map(({ groupId, state, members, lag }) => `group ${groupId}: ${state}, ${members} member(s), lag ${lag}`),
      ...outboxesWhenStuck.map(
        ({ schema, unpublished, oldestUnpublishedSeconds, relayLock }) =>
          `outbox ${schema}: ${unpublished} unpublished${unpublished > 0 ? ` (oldest ${oldestUnpublishedSeconds} s)` : ''}, relay lock ${relayLock === 'free' ? 'free' : `held by ${relayLock.heldBy} (${relayLock.state}, since ${relayLock.since.slice(11, 19)})`}`,
      ),
    ]).toEqual([]);

    // Phase 3: the record. Every accepted case once in intake, under its own externalId, and closed.
    const caseIds = accepted.map((acceptedCase) => acceptedCase.caseId);
    expect(new Set(caseIds).size).toBe(accepted.length);
    const intakeRows = await db.query<{ external_id: string; case_ids: string[] }>(
      `SELECT external_id, array_agg(case_id::text) AS case_ids FROM intake.cases WHERE external_id LIKE $1 GROUP BY external_id`,
      [`${runId}-%`],
    );
    expect(intakeRows.rows.filter((row) => row.case_ids.length > 1)).toEqual([]);
    const intakeCaseOf = new Map(intakeRows.rows.map((row) => [row.external_id, row.case_ids[0]]));
    expect(accepted.filter(({ caseId, externalId }) => intakeCaseOf.get(externalId) !== caseId)).toEqual([]);

    await expectEventually(async () => {
      const { rows } = await db.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM audit.case_view WHERE case_id = ANY($1::uuid[]) GROUP BY status`,
        [caseIds],
      );
      expect(rows).toEqual([{ status: 'closed', n: caseIds.length }]);
    }, { timeoutMs: 60_000, intervalMs: 1_000 });

    const events = await db.query<{ case_id: string; types: string[] }>(
      `SELECT case_id, array_agg(type ORDER BY type) AS types FROM audit.case_events WHERE case_id = ANY($1::uuid[]) GROUP BY case_id`,
      [caseIds],
    );
    expect(events.rows).toHaveLength(caseIds.length);
    const sortedLifecycle = [...LIFECYCLE].sort();
    expect(events.rows.filter((row) => JSON.stringify(row.types) !== JSON.stringify(sortedLifecycle))).toEqual([]);

    // Every consumer rode out the broker restart: each group still has its member and has read everything.
    await expectEventually(async () => {
      const groups = await consumerGroups(VICTIMS.map((service) => `hotline.${service}`));
      expect(groups.filter((group) => group.members === 0 || group.lag > 0)).toEqual([]);
    }, { timeoutMs: 30_000, intervalMs: 1_000 });

    for (const table of ['intake.cases', 'dispatch.dispatches', 'execution.assignments', 'feedback.follow_ups']) {
      const { rows } = await db.query<{ rows: number; cases: number }>(
        `SELECT count(*)::int AS rows, count(DISTINCT case_id)::int AS cases FROM ${table} WHERE case_id = ANY($1::uuid[])`,
        [caseIds],
      );
      expect({ table, ...rows[0] }).toEqual({ table, rows: caseIds.length, cases: caseIds.length });
    }
    // Phase 2 alone took 213 s of a 342 s run in a green CI run on this 2-core machine (and ran past
    // the earlier 330 s once): the budget leaves room for a slow machine, not for a stuck case.
  }, TEST_TIMEOUT_MS);
});
