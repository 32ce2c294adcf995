import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { buildWorkspaceOnce } from '@hotline/local-stack';
import { PersonalDataCipher } from '@hotline/personal-data';
import { testInfrastructure } from '@hotline/testing';

// The rotation command runs over every row of a database: it gets a database of its own here, so it
// cannot re-encrypt the rows of tests running beside it to a key their services do not have.
const REPO_ROOT = resolve(__dirname, '../..');
const databaseUrl = (() => {
  const url = new URL(testInfrastructure.databaseUrl);
  url.pathname = `${url.pathname.slice(1)}_rotation`;
  return url.toString();
})();
const keys = { old: randomBytes(32), next: randomBytes(32) };
const before = new PersonalDataCipher({ keys: { old: keys.old }, activeKeyId: 'old' });
const after = new PersonalDataCipher({ keys, activeKeyId: 'next' });

function run(script: string, env: Record<string, string> = {}): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, ['--enable-source-maps', script], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: databaseUrl, ...env },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function rotate(): { status: number | null; output: string } {
  return run('dist/tools/personal-data/rotate.js', {
    PERSONAL_DATA_KEYS: JSON.stringify({ old: keys.old.toString('base64'), next: keys.next.toString('base64') }),
    PERSONAL_DATA_ACTIVE_KEY_ID: 'next',
    PERSONAL_DATA_ROTATE_BATCH_SIZE: '2',
  });
}

describe('npm run personal-data:rotate', () => {
  let db: Client;

  beforeAll(async () => {
    buildWorkspaceOnce(REPO_ROOT);
    const prepared = run('dist/deploy/local/prepare.js', { ONLY: 'intake,feedback,execution', SEED_DEMO_CITY: 'false' });
    expect(prepared).toMatchObject({ status: 0 });
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    await db.query('TRUNCATE intake.cases CASCADE');
    await db.query('TRUNCATE feedback.follow_ups CASCADE');
    await db.query('TRUNCATE execution.webhook_subscriptions CASCADE');
  });

  afterAll(async () => {
    await db?.end();
  });

  const insertCase = (name: string | null, phone: string | null) =>
    db.query(
      `INSERT INTO intake.cases (case_id, tracking_number, type, channel, description, reporter_name, reporter_phone, reported_at)
       VALUES ($1, $2, 'complaint', 'phone', '路灯不亮', $3, $4, now())`,
      [randomUUID(), randomUUID(), name, phone],
    );

  it('re-encrypts every row of every service to the active key, seals clear rows, and changes nothing on a second run', async () => {
    for (let index = 0; index < 5; index += 1) await insertCase(before.seal(`市民${index}`), before.seal(`1380000000${index}`));
    await insertCase('张三', '13912345678'); // stored in clear before encryption at rest
    await insertCase(null, null);
    await db.query(
      `INSERT INTO feedback.follow_ups (case_id, status, reporter_name, reporter_phone, correlation_id, last_event_id)
       VALUES ($1, 'closed', $2, $3, 'c', $4)`,
      [randomUUID(), before.seal('李四'), before.seal('13700000000'), randomUUID()],
    );

    const first = rotate();
    expect(first.status).toBe(0);
    expect(first.output).toContain('intake.cases: re-encrypted 6 row(s)');
    expect(first.output).toContain('feedback.follow_ups: re-encrypted 1 row(s)');

    const { rows } = await db.query<{ reporter_name: string | null; reporter_phone: string | null }>(
      `SELECT reporter_name, reporter_phone FROM intake.cases UNION ALL SELECT reporter_name, reporter_phone FROM feedback.follow_ups`,
    );
    const sealed = rows.flatMap((row) => [row.reporter_name, row.reporter_phone]).filter((value): value is string => value !== null);
    expect(sealed).toHaveLength(14);
    expect(sealed.every((value) => value.startsWith('v1:next:'))).toBe(true);
    expect(sealed.map((value) => after.open(value))).toEqual(expect.arrayContaining(['市民0', '13800000004', '张三', '13912345678', '李四']));
    expect(rows.filter((row) => row.reporter_name === null)).toHaveLength(1);

    const second = rotate();
    expect(second.status).toBe(0);
    expect(second.output).toContain('done, 0 row(s) re-encrypted');
  });

  it('re-seals webhook signing secrets to the active key, each still bound to its subscription, and seals clear ones', async () => {
    const context = (id: string) => `execution.webhook_subscriptions.secret:${id}`;
    const insertSubscription = async (secretOf: (id: string) => string) => {
      const id = randomUUID();
      await db.query(
        `INSERT INTO execution.webhook_subscriptions (id, agency_id, url, event_types, secret, created_by)
         VALUES ($1, 'street-rotation', 'https://hooks.example.cn/x', '{case.dispatched}', $2, 'test')`,
        [id, secretOf(id)],
      );
      return id;
    };
    const sealedId = await insertSubscription((id) => before.seal('whsec_sealed', context(id)));
    const clearId = await insertSubscription(() => 'whsec_clear'); // stored before secrets were sealed

    const first = rotate();
    expect(first.status).toBe(0);
    expect(first.output).toContain('execution.webhook_subscriptions: re-encrypted 2 row(s)');
    const { rows } = await db.query<{ id: string; secret: string }>(`SELECT id, secret FROM execution.webhook_subscriptions WHERE id = ANY($1::uuid[])`, [[sealedId, clearId]]);
    const secrets = new Map(rows.map((row) => [row.id, row.secret]));
    expect([...secrets.values()].every((value) => value.startsWith('v1:next:'))).toBe(true);
    expect(after.open(secrets.get(sealedId)!, context(sealedId))).toBe('whsec_sealed');
    expect(after.open(secrets.get(clearId)!, context(clearId))).toBe('whsec_clear');
    expect(() => after.open(secrets.get(clearId)!, context(sealedId))).toThrow(/failed authentication/);

    const second = rotate();
    expect(second.status).toBe(0);
    expect(second.output).toContain('done, 0 row(s) re-encrypted');
  });
});
