import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhookSubscriptionsVersion1769600000000 implements MigrationInterface {
  name = 'WebhookSubscriptionsVersion1769600000000';

  async up(runner: QueryRunner): Promise<void> {
    // Moved in the transaction of every change to the subscriptions, whoever makes it (any replica, SQL,
    // the key rotation): the consumers keep the live subscriptions in memory and read them again when it moved.
    await runner.query(`
      CREATE TABLE execution.webhook_subscriptions_version (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        version bigint NOT NULL
      )`);
    await runner.query(`INSERT INTO execution.webhook_subscriptions_version (id, version) VALUES (1, 1)`);
    await runner.query(`
      CREATE FUNCTION execution.bump_webhook_subscriptions_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE execution.webhook_subscriptions_version SET version = version + 1 WHERE id = 1;
        RETURN NULL;
      END $$`);
    await runner.query(`
      CREATE TRIGGER webhook_subscriptions_bump_version
      AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON execution.webhook_subscriptions
      FOR EACH STATEMENT EXECUTE FUNCTION execution.bump_webhook_subscriptions_version()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER IF EXISTS webhook_subscriptions_bump_version ON execution.webhook_subscriptions`);
    await runner.query(`DROP FUNCTION IF EXISTS execution.bump_webhook_subscriptions_version()`);
    await runner.query(`DROP TABLE IF EXISTS execution.webhook_subscriptions_version`);
  }
}
