import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@hotline/messaging';

const clocks = (sign: string, firstContact: string, feedback: [string, string]) =>
  JSON.stringify({
    sign: { duration: sign, basis: 'clock_time' },
    first_contact: { duration: firstContact, basis: 'clock_time' },
    feedback: { duration: feedback[0], basis: feedback[1] },
  });

// Defaults of DOMAIN.md §4 (Beijing's 2021 draft hotline standard): feedback in 2 h for emergencies,
// 24 h for water/power/gas/heating and urgent requests, 7 days otherwise; signing within 24 h. The
// sign and first-contact clocks of the short profiles are this project's defaults: operators change them.
const DEFAULT_PROFILES: ReadonlyArray<[string, string, string | null, string | null, string, string]> = [
  ['default', '默认时限 General request', null, null, clocks('PT24H', 'PT24H', ['P7D', 'natural_days']), 'P1D'],
  ['emergency', '紧急 Emergency or risk to life and property', 'emergency', null, clocks('PT30M', 'PT1H', ['PT2H', 'clock_time']), 'PT1H'],
  ['urgent', '急 Urgent request', 'urgent', null, clocks('PT2H', 'PT4H', ['PT24H', 'clock_time']), 'PT12H'],
  ...['water_supply', 'power_supply', 'gas_supply', 'heating'].map(
    (category): [string, string, string | null, string | null, string, string] => [
      `utility-${category}`,
      `水电气热 Utilities: ${category}`,
      null,
      category,
      clocks('PT2H', 'PT4H', ['PT24H', 'clock_time']),
      'PT12H',
    ],
  ),
];

export class CreateSupervisionTables1767000000000 implements MigrationInterface {
  name = 'CreateSupervisionTables1767000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE supervision.sla_profiles (
        profile_id text PRIMARY KEY,
        name text NOT NULL,
        request_type text,
        urgency text,
        category text,
        clocks jsonb NOT NULL,
        warning_fractions double precision[] NOT NULL DEFAULT '{0.5,0.8}',
        escalate_after text NOT NULL DEFAULT 'P1D',
        pause_during_dispute boolean NOT NULL DEFAULT true,
        pause_during_extension boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- One profile per key: two would make the choice ambiguous.
        CONSTRAINT sla_profiles_key UNIQUE NULLS NOT DISTINCT (request_type, urgency, category)
      )`);
    for (const [profileId, name, urgency, category, clockSpecs, escalateAfter] of DEFAULT_PROFILES) {
      await runner.query(
        `INSERT INTO supervision.sla_profiles (profile_id, name, urgency, category, clocks, escalate_after) VALUES ($1, $2, $3, $4, $5, $6)`,
        [profileId, name, urgency, category, clockSpecs, escalateAfter],
      );
    }
    await runner.query(`
      CREATE TABLE supervision.calendar_overrides (
        date date PRIMARY KEY,
        is_workday boolean NOT NULL,
        note text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Years an operator declared complete (their holidays entered as overrides) beyond the library's data.
    await runner.query(`CREATE TABLE supervision.calendar_declared_years (year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100))`);
    await runner.query(`
      CREATE TABLE supervision.cases (
        case_id uuid PRIMARY KEY,
        request_type text,
        category text,
        urgency text,
        district_code text,
        round integer NOT NULL DEFAULT 0,
        agency_id text,
        handler_level text,
        profile_id text,
        pause_during_dispute boolean NOT NULL DEFAULT false,
        pause_during_extension boolean NOT NULL DEFAULT false,
        is_dispute_pending boolean NOT NULL DEFAULT false,
        is_extension_pending boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE supervision.clocks (
        case_id uuid NOT NULL,
        round integer NOT NULL,
        clock text NOT NULL,
        agency_id text NOT NULL,
        unit text NOT NULL,
        started_at timestamptz NOT NULL,
        allowed_ms bigint,
        consumed_ms bigint NOT NULL DEFAULT 0,
        running_since timestamptz,
        paused_at timestamptz,
        paused_ms bigint NOT NULL DEFAULT 0,
        deadline timestamptz,
        stopped_at timestamptz,
        stop_reason text,
        -- Set when the calendar had no data for a year the clock crosses: reported, never guessed.
        calendar_error text,
        warning_fractions double precision[] NOT NULL,
        escalate_after_ms bigint,
        PRIMARY KEY (case_id, round, clock)
      )`);
    await runner.query(`CREATE INDEX clocks_agency_open ON supervision.clocks (agency_id, deadline) WHERE stopped_at IS NULL`);
    await runner.query(`
      CREATE TABLE supervision.timers (
        timer_id bigserial PRIMARY KEY,
        case_id uuid NOT NULL,
        round integer NOT NULL,
        clock text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('warning', 'breach', 'escalation')),
        fraction double precision NOT NULL,
        fire_at timestamptz NOT NULL,
        fired_at timestamptz,
        -- Fired once: a timer exists once per clock, kind and fraction, and a fired row is never planned again.
        CONSTRAINT timers_once UNIQUE (case_id, round, clock, kind, fraction),
        FOREIGN KEY (case_id, round, clock) REFERENCES supervision.clocks ON DELETE CASCADE
      )`);
    // The due-timer query reads only unfired timers, in fire_at order.
    await runner.query(`CREATE INDEX timers_due ON supervision.timers (fire_at) WHERE fired_at IS NULL`);
    await createMessagingTables(runner, 'supervision');
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropMessagingTables(runner, 'supervision');
    await runner.query('DROP TABLE supervision.timers, supervision.clocks, supervision.cases, supervision.calendar_declared_years, supervision.calendar_overrides, supervision.sla_profiles');
  }
}
