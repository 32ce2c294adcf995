import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention may erase a reporter's name and phone from recorded events, and nothing else.
 *
 * - hash_version: events recorded from now on hash their envelope without the personal fields (2);
 *   events recorded before keep their hash over the whole envelope (1) and still verify in full until
 *   erased. An erased version-1 event is then checked by its place in the chain only (the verify
 *   answer lists it), as its hash covered the contact that is gone.
 * - The append-only trigger now allows exactly one UPDATE: the erasure, once, leaving every other
 *   column as it was. DELETE and TRUNCATE stay refused.
 */
export class PersonalDataErasure1765100000000 implements MigrationInterface {
  name = 'PersonalDataErasure1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE audit.case_events ADD COLUMN hash_version smallint NOT NULL DEFAULT 1 CHECK (hash_version IN (1, 2))`);
    await runner.query(`ALTER TABLE audit.case_events ALTER COLUMN hash_version SET DEFAULT 2`);
    await runner.query(`ALTER TABLE audit.case_events ADD COLUMN personal_data_erased_at timestamptz`);
    // Keep in step with withoutPersonalData() in src/domain/personal-data-form.ts.
    await runner.query(`
      CREATE FUNCTION audit.without_personal_data(envelope jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN jsonb_typeof(envelope #> '{payload,reporter}') = 'object'
          THEN jsonb_set(envelope, '{payload,reporter}', ((envelope #> '{payload,reporter}') - 'sealed') || '{"name": null, "phone": null}'::jsonb)
          ELSE envelope END
      $$`);
    await runner.query(`
      CREATE FUNCTION audit.allow_only_personal_data_erasure() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.personal_data_erased_at IS NULL AND NEW.personal_data_erased_at IS NOT NULL
          AND NEW.envelope = audit.without_personal_data(OLD.envelope)
          AND (NEW.seq, NEW.event_id, NEW.case_id, NEW.position, NEW.type, NEW.version, NEW.occurred_at, NEW.producer,
               NEW.correlation_id, NEW.causation_id, NEW.trace_id, NEW.recorded_at, NEW.prev_hash, NEW.hash, NEW.hash_version)
            IS NOT DISTINCT FROM
              (OLD.seq, OLD.event_id, OLD.case_id, OLD.position, OLD.type, OLD.version, OLD.occurred_at, OLD.producer,
               OLD.correlation_id, OLD.causation_id, OLD.trace_id, OLD.recorded_at, OLD.prev_hash, OLD.hash, OLD.hash_version)
        THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit.case_events is append-only: an UPDATE may only erase personal data'
          USING ERRCODE = 'insufficient_privilege',
                HINT = 'The lifecycle record is tamper-evident; record a correcting event instead of changing history.';
      END
      $$`);
    await runner.query(`DROP TRIGGER case_events_append_only ON audit.case_events`);
    await runner.query(`
      CREATE TRIGGER case_events_append_only
        BEFORE DELETE OR TRUNCATE ON audit.case_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_case_event_change()`);
    await runner.query(`
      CREATE TRIGGER case_events_erasure_only
        BEFORE UPDATE ON audit.case_events
        FOR EACH ROW EXECUTE FUNCTION audit.allow_only_personal_data_erasure()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER case_events_erasure_only ON audit.case_events`);
    await runner.query(`DROP TRIGGER case_events_append_only ON audit.case_events`);
    await runner.query(`
      CREATE TRIGGER case_events_append_only
        BEFORE UPDATE OR DELETE OR TRUNCATE ON audit.case_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_case_event_change()`);
    await runner.query(`DROP FUNCTION audit.allow_only_personal_data_erasure()`);
    await runner.query(`DROP FUNCTION audit.without_personal_data(jsonb)`);
    await runner.query(`ALTER TABLE audit.case_events DROP COLUMN personal_data_erased_at, DROP COLUMN hash_version`);
  }
}
