import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 9 部件: a case about a component goes to the component's owner (routed_by 'component'). */
export class ComponentRouting1768300000000 implements MigrationInterface {
  name = 'ComponentRouting1768300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE dispatch.dispatches DROP CONSTRAINT dispatches_routed_by_check,
        ADD CONSTRAINT dispatches_routed_by_check CHECK (routed_by IN ('rule', 'district_fallback', 'manual', 'component'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`UPDATE dispatch.dispatches SET routed_by = 'rule' WHERE routed_by = 'component'`);
    await runner.query(`
      ALTER TABLE dispatch.dispatches DROP CONSTRAINT dispatches_routed_by_check,
        ADD CONSTRAINT dispatches_routed_by_check CHECK (routed_by IN ('rule', 'district_fallback', 'manual'))`);
  }
}
