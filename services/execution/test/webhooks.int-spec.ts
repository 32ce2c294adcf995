import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { Client } from 'pg';
import pino from 'pino';
import type { PayloadOf } from '@hotline/contracts';
import { loggerOptions } from '@hotline/observability';
import { PersonalDataCipher } from '@hotline/personal-data';
import {
  aCaseEvent,
  actAs,
  actAsUnit,
  connectDatabase,
  expectEventually,
  httpJson,
  publishCaseEvents,
  startInProcess,
  testPersonalDataCipher,
  testServiceEnv,
  testFetch,
  type InProcessService,
} from '@hotline/testing';
import { AppModule } from '../src/app.module';
import { loadExecutionConfig } from '../src/config/execution-config';
import { EXECUTION_CONSUMER } from '../src/infrastructure/messaging/execution-consumer';

const within = { timeoutMs: 60_000 };
const aUnit = () => `street-wh-${randomUUID().slice(0, 8)}`;
// What a subscription's secret is sealed with: it opens only as the secret of that subscription.
const secretContext = (subscriptionId: string) => `execution.webhook_subscriptions.secret:${subscriptionId}`;

/** The service's log lines, kept to assert on (and still written to stdout). */
function capturedLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      process.stdout.write(chunk);
      callback();
    },
  });
  return { logger: pino(loggerOptions('execution', 'warn'), stream), lines };
}

interface Received {
  id: string;
  verdict: 'ok' | 'malformed' | 'signature_mismatch' | 'outside_replay_window';
  status: number;
  isDuplicate: boolean;
  body: { eventId: string; type: string; caseId: string; sequence: number; unitRole: string; case: Record<string, unknown> };
}

function aDispatch(payload: Partial<PayloadOf<'case.dispatched'>> & { agencyId: string }) {
  return aCaseEvent(
    'case.dispatched',
    {
      agencyName: '建外街道办事处',
      copiedToAgencyIds: [],
      deadline: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString(),
      slaClock: { amount: 7, unit: 'natural_days' },
      catalogueVersion: '2026.11',
      ruleId: 'street_light@110105',
      round: 1,
      ...payload,
    },
    { producer: 'dispatch' },
  );
}

/** A unit's endpoint in its own process: the node script verifies what it is sent. */
class Receiver {
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<Receiver> {
    const child = spawn(process.execPath, [resolve(__dirname, 'webhook-receiver.js')], { stdio: ['ignore', 'pipe', 'inherit'], env: { PATH: process.env['PATH'] ?? '' } });
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    const port = /listening (\d+)/.exec(line.toString())?.[1];
    if (!port) throw new Error(`receiver did not start: ${line.toString()}`);
    return new Receiver(child, `http://127.0.0.1:${port}`);
  }

  async endpoint(config: { secret: string; failFirst?: number; failAlways?: boolean }, path = `/hooks/${randomUUID()}`): Promise<string> {
    const response = await fetch(`${this.baseUrl}/_endpoints`, { method: 'POST', body: JSON.stringify({ path, ...config }) });
    expect(response.status).toBe(204);
    return path;
  }

  async received(path: string): Promise<Received[]> {
    return (await fetch(`${this.baseUrl}/_received?path=${encodeURIComponent(path)}`)).json() as Promise<Received[]>;
  }

  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    if (this.child.exitCode === null) await once(this.child, 'exit');
  }
}

describe('execution: signed webhooks for units', () => {
  let service: InProcessService;
  let receiver: Receiver;
  let db: Client;
  const log = capturedLogger();
  const config = loadExecutionConfig(
    testServiceEnv({
      WEBHOOK_RETRY_FOR_S: '4',
      WEBHOOK_BACKOFF_BASE_MS: '200',
      WEBHOOK_BACKOFF_MAX_MS: '1000',
      WEBHOOK_POLL_INTERVAL_MS: '100',
      WEBHOOK_TIMEOUT_MS: '2000',
    }),
  );

  beforeAll(async () => {
    service = await startInProcess({ service: 'execution', appModule: AppModule.register(config, log.logger), consumer: EXECUTION_CONSUMER });
    receiver = await Receiver.start();
    db = await connectDatabase();
  }, 60_000);

  afterAll(async () => {
    await receiver?.stop();
    await service?.close();
    await db?.end();
  }, 60_000);

  const register = async (agencyId: string, body: { url: string; eventTypes: string[] }) =>
    httpJson<{ id: string; secret: string; agencyId: string; url: string }>('POST', `${service.url}/v1/webhooks`, body, await actAsUnit(agencyId));

  /** A unit registered on a fresh receiver path; the receiver knows the secret the answer carried. */
  const subscribe = async (agencyId: string, behaviour: { failFirst?: number; failAlways?: boolean } = {}, eventTypes = ['case.dispatched', 'case.signed', 'case.feedback_submitted']) => {
    const path = `/hooks/${randomUUID()}`;
    const registered = await register(agencyId, { url: `${receiver.baseUrl}${path}`, eventTypes });
    expect(registered.status).toBe(201);
    await receiver.endpoint({ secret: registered.body.secret, ...behaviour }, path);
    return { path, subscription: registered.body };
  };

  const deleteWebhook = async (agencyId: string, id: string) =>
    (await testFetch(`${service.url}/v1/webhooks/${id}`, { method: 'DELETE', headers: await actAsUnit(agencyId) })).status;

  const unitPost = async (agencyId: string, path: string, body: Record<string, unknown>) =>
    httpJson('POST', `${service.url}${path}`, body, await actAsUnit(agencyId));

  it('registers an endpoint for the caller\'s own unit, shows the secret once and refuses private hosts', async () => {
    const agencyId = aUnit();
    const refused = await register(agencyId, { url: 'https://10.0.0.7/hooks', eventTypes: ['case.dispatched'] });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { code: 'VALIDATION.FAILED', details: { issues: [{ path: 'url' }] } } });
    expect((await register(agencyId, { url: 'https://hooks.example.cn/x', eventTypes: ['case.received'] })).status).toBe(400);

    const { subscription } = await subscribe(agencyId);
    expect(subscription).toMatchObject({ agencyId, secret: expect.stringMatching(/^whsec_/) });
    const listed = await httpJson<{ items: Array<Record<string, unknown>> }>('GET', `${service.url}/v1/webhooks`, undefined, await actAsUnit(agencyId));
    expect(listed.body.items).toEqual([expect.objectContaining({ id: subscription.id, agencyId })]);
    expect(listed.body.items[0]).not.toHaveProperty('secret');

    const otherUnit = aUnit();
    expect((await httpJson<{ items: unknown[] }>('GET', `${service.url}/v1/webhooks`, undefined, await actAsUnit(otherUnit))).body.items).toEqual([]);
    expect(await deleteWebhook(otherUnit, subscription.id)).toBe(404);
    expect((await httpJson('POST', `${service.url}/v1/webhooks`, { url: 'https://hooks.example.cn/x', eventTypes: ['case.signed'] }, await actAs('admin'))).status).toBe(403);
    expect(await deleteWebhook(agencyId, subscription.id)).toBe(204);
  });

  it('delivers a case\'s events signed and in order even when the endpoint fails the first attempts', async () => {
    const agencyId = aUnit();
    const { path } = await subscribe(agencyId, { failFirst: 3 });
    const dispatched = aDispatch({ agencyId });
    await publishCaseEvents([dispatched]);
    // The first delivery is failing: the unit's own events queue behind it.
    await expectEventually(async () => expect((await receiver.received(path)).length).toBeGreaterThanOrEqual(1), within);
    expect((await unitPost(agencyId, `/v1/cases/${dispatched.caseId}/sign`, {})).status).toBe(200);
    expect((await unitPost(agencyId, `/v1/cases/${dispatched.caseId}/feedback`, { outcome: 'resolved', reply: '已修复。' })).status).toBe(200);

    const received = await expectEventually(async () => {
      const all = await receiver.received(path);
      expect(all.filter((entry) => entry.status === 200).map((entry) => entry.body.type)).toEqual(['case.dispatched', 'case.signed', 'case.feedback_submitted']);
      return all;
    }, within);
    expect(received.every((entry) => entry.verdict === 'ok')).toBe(true);
    expect(received.slice(0, 3).map((entry) => [entry.status, entry.body.sequence])).toEqual([[500, 1], [500, 1], [500, 1]]);
    // Nothing of a later sequence reached the endpoint before the earlier one was accepted.
    const sequences = received.map((entry) => entry.body.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(received.at(-1)!.body).toMatchObject({ caseId: dispatched.caseId, sequence: 3, unitRole: 'lead', case: { status: 'feedback_submitted', leadAgencyId: agencyId } });
    expect(JSON.stringify(received)).not.toMatch(/reporter|phone|name/i);
  });

  it('delivers the cases a unit is copied on, and never another unit\'s cases', async () => {
    const agencyId = aUnit();
    const { path, subscription } = await subscribe(agencyId, {}, ['case.dispatched']);
    const ofAnotherUnit = aDispatch({ agencyId: aUnit(), copiedToAgencyIds: ['gov-110105'] });
    const copied = aDispatch({ agencyId: aUnit(), copiedToAgencyIds: [agencyId] });
    await publishCaseEvents([ofAnotherUnit, copied]);

    await expectEventually(async () => {
      expect((await receiver.received(path)).map((entry) => [entry.body.caseId, entry.body.unitRole])).toEqual([[copied.caseId, 'copy']]);
    }, within);
    // The other case was applied (its assignment exists) and queued nothing for this subscription.
    await expectEventually(async () => {
      const { rows } = await db.query('SELECT 1 FROM execution.assignments WHERE case_id = $1', [ofAnotherUnit.caseId]);
      expect(rows).toHaveLength(1);
    }, within);
    const { rows } = await db.query('SELECT case_id FROM execution.webhook_deliveries WHERE subscription_id = $1', [subscription.id]);
    expect(rows).toEqual([{ case_id: copied.caseId }]);
  });

  it('follows subscriptions made and ended after it last looked, by this process or anyone else', async () => {
    const agencyId = aUnit();
    const first = await subscribe(agencyId, {}, ['case.dispatched']);
    const before = aDispatch({ agencyId });
    await publishCaseEvents([before]);
    // Delivered: the consumer now holds the subscriptions in memory.
    await expectEventually(async () => expect((await receiver.received(first.path)).map((entry) => entry.body.caseId)).toEqual([before.caseId]), within);

    // Ended in SQL (an operator, another replica), and a new one registered here.
    await db.query('UPDATE execution.webhook_subscriptions SET deleted_at = now() WHERE id = $1', [first.subscription.id]);
    const second = await subscribe(agencyId, {}, ['case.dispatched']);
    const after = aDispatch({ agencyId });
    await publishCaseEvents([after]);

    await expectEventually(async () => expect((await receiver.received(second.path)).map((entry) => entry.body.caseId)).toEqual([after.caseId]), within);
    const { rows } = await db.query('SELECT case_id FROM execution.webhook_deliveries WHERE subscription_id = $1', [first.subscription.id]);
    expect(rows).toEqual([{ case_id: before.caseId }]);
  });

  it("queues a unit's signing and report for a subscription made after the process last read them", async () => {
    const agencyId = aUnit();
    const dispatched = aDispatch({ agencyId });
    await publishCaseEvents([dispatched]);
    // Applying the dispatch read the subscriptions (none for this unit) and holds them in memory.
    await expectEventually(async () => {
      const { rows } = await db.query('SELECT 1 FROM execution.assignments WHERE case_id = $1', [dispatched.caseId]);
      expect(rows).toHaveLength(1);
    }, within);
    // Registered now: the unit's requests find none in what the process read, and must not write as if so.
    const { subscription } = await subscribe(agencyId, {}, ['case.signed', 'case.feedback_submitted']);
    expect((await unitPost(agencyId, `/v1/cases/${dispatched.caseId}/sign`, {})).status).toBe(200);
    expect((await unitPost(agencyId, `/v1/cases/${dispatched.caseId}/feedback`, { outcome: 'resolved', reply: '已修复。' })).status).toBe(200);
    const { rows } = await db.query<{ event_type: string }>('SELECT event_type FROM execution.webhook_deliveries WHERE subscription_id = $1 ORDER BY sequence', [subscription.id]);
    expect(rows.map((row) => row.event_type)).toEqual(['case.signed', 'case.feedback_submitted']);
  });

  it('dead-letters a delivery after the retry period, and an admin replays it', async () => {
    const agencyId = aUnit();
    const { path, subscription } = await subscribe(agencyId, { failAlways: true }, ['case.dispatched']);
    const dispatched = aDispatch({ agencyId });
    await publishCaseEvents([dispatched]);

    const deadLetters = async (headers: Record<string, string>) =>
      httpJson<{ items: Array<{ id: string; caseId: string; attempts: number; lastError: string }> }>('GET', `${service.url}/v1/webhook-dead-letters?agencyId=${agencyId}`, undefined, headers);
    const admin = await actAs('admin');
    const [deadLetter] = await expectEventually(async () => {
      const { body } = await deadLetters(admin);
      expect(body.items).toHaveLength(1);
      return body.items;
    }, within);
    expect(deadLetter).toMatchObject({ caseId: dispatched.caseId, lastError: 'HTTP 500' });
    expect(deadLetter!.attempts).toBeGreaterThan(1);
    expect((await deadLetters(await actAs('auditor'))).status).toBe(200);
    expect((await deadLetters(await actAsUnit(agencyId))).status).toBe(403);
    expect((await httpJson('POST', `${service.url}/v1/webhook-dead-letters/${deadLetter!.id}/replay`, {}, await actAs('auditor'))).status).toBe(403);

    await receiver.endpoint({ secret: subscription.secret }, path);
    const replayed = await httpJson('POST', `${service.url}/v1/webhook-dead-letters/${deadLetter!.id}/replay`, {}, admin);
    expect(replayed).toMatchObject({ status: 202, body: { id: deadLetter!.id, status: 'pending' } });
    await expectEventually(async () => {
      expect((await receiver.received(path)).map((entry) => [entry.id, entry.status, entry.verdict])).toEqual([[deadLetter!.id, 200, 'ok']]);
    }, within);
    expect((await deadLetters(admin)).body.items).toEqual([]);
    expect((await httpJson('POST', `${service.url}/v1/webhook-dead-letters/${deadLetter!.id}/replay`, {}, admin)).status).toBe(409);
  });

  const storedSecret = async (subscriptionId: string) =>
    (await db.query<{ secret: string }>('SELECT secret FROM execution.webhook_subscriptions WHERE id = $1', [subscriptionId])).rows[0]!.secret;

  it('stores the signing secret sealed and bound to its subscription, and deliveries still verify', async () => {
    const agencyId = aUnit();
    const { path, subscription } = await subscribe(agencyId, {}, ['case.dispatched']);
    const stored = await storedSecret(subscription.id);
    expect(stored).toMatch(/^v1:[\w-]+:[\w-]+:[\w-]+:[\w-]+$/);
    expect(stored).not.toContain(subscription.secret);
    expect(stored).not.toContain(subscription.secret.slice('whsec_'.length));
    const cipher = testPersonalDataCipher();
    expect(cipher.open(stored, secretContext(subscription.id))).toBe(subscription.secret);
    expect(() => cipher.open(stored, secretContext(randomUUID()))).toThrow(/failed authentication/);

    const dispatched = aDispatch({ agencyId });
    await publishCaseEvents([dispatched]);
    await expectEventually(async () => {
      expect((await receiver.received(path)).map((entry) => [entry.body.caseId, entry.status, entry.verdict])).toEqual([[dispatched.caseId, 200, 'ok']]);
    }, within);
    expect(log.lines.join('')).not.toContain(subscription.secret);
  });

  it('seals, when execution starts, a secret stored in clear before sealing existed, and still signs with it', async () => {
    const agencyId = aUnit();
    const path = `/hooks/${randomUUID()}`;
    const id = randomUUID();
    const legacySecret = `whsec_${randomBytes(32).toString('base64url')}`;
    await db.query(
      `INSERT INTO execution.webhook_subscriptions (id, agency_id, url, event_types, secret, created_by) VALUES ($1, $2, $3, '{case.dispatched}', $4, 'legacy')`,
      [id, agencyId, `${receiver.baseUrl}${path}`, legacySecret],
    );
    await receiver.endpoint({ secret: legacySecret }, path);

    // A second replica starting (without a Kafka consumer) seals it before its delivery worker runs.
    const replica = await startInProcess({ service: 'execution', appModule: AppModule.register(config, capturedLogger().logger) });
    try {
      const stored = await storedSecret(id);
      expect(stored).toMatch(/^v1:/);
      expect(testPersonalDataCipher().open(stored, secretContext(id))).toBe(legacySecret);
    } finally {
      await replica.close();
    }

    const dispatched = aDispatch({ agencyId });
    await publishCaseEvents([dispatched]);
    await expectEventually(async () => {
      expect((await receiver.received(path)).map((entry) => [entry.body.caseId, entry.status, entry.verdict])).toEqual([[dispatched.caseId, 200, 'ok']]);
    }, within);
  });

  it('fails a delivery whose secret is sealed under a key the ring lacks, logs why without the secret, and dead-letters it', async () => {
    const agencyId = aUnit();
    const healthy = await subscribe(agencyId, {}, ['case.dispatched']);
    const stranded = await subscribe(agencyId, {}, ['case.dispatched']);
    const retired = new PersonalDataCipher({ keys: { retired: randomBytes(32) }, activeKeyId: 'retired' });
    await db.query('UPDATE execution.webhook_subscriptions SET secret = $2 WHERE id = $1', [
      stranded.subscription.id,
      retired.seal(stranded.subscription.secret, secretContext(stranded.subscription.id)),
    ]);
    const dispatched = aDispatch({ agencyId });
    await publishCaseEvents([dispatched]);

    // The worker goes on: the other subscription's delivery of the same event arrives.
    await expectEventually(async () => {
      expect((await receiver.received(healthy.path)).map((entry) => [entry.body.caseId, entry.verdict])).toEqual([[dispatched.caseId, 'ok']]);
    }, within);
    const [deadLetter] = await expectEventually(async () => {
      const { body } = await httpJson<{ items: Array<{ caseId: string; attempts: number; lastError: string }> }>(
        'GET',
        `${service.url}/v1/webhook-dead-letters?agencyId=${agencyId}`,
        undefined,
        await actAs('admin'),
      );
      expect(body.items).toHaveLength(1);
      return body.items;
    }, within);
    expect(deadLetter).toMatchObject({ caseId: dispatched.caseId, lastError: expect.stringContaining('PERSONAL_DATA.UNKNOWN_KEY') });
    expect(deadLetter!.lastError).toContain('no key "retired"');
    expect(deadLetter!.attempts).toBeGreaterThan(1);
    expect(await receiver.received(stranded.path)).toEqual([]);

    const logged = log.lines.filter((line) => line.includes(stranded.subscription.id));
    expect(logged.some((line) => line.includes('signing secret cannot be opened') && line.includes('PERSONAL_DATA.UNKNOWN_KEY'))).toBe(true);
    // Neither this secret nor any other reached a log line.
    expect(log.lines.join('')).not.toContain('whsec_');
  });
});
