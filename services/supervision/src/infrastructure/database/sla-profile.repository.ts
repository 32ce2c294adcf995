import type { EntityManager } from 'typeorm';
import type { SlaClockSpec } from '@hotline/case-lifecycle';
import type { RequestType, SlaClockName, Urgency } from '@hotline/contracts';
import type { SlaProfile } from '../../domain/sla-profile';

interface ProfileRow {
  profile_id: string;
  name: string;
  request_type: RequestType | null;
  urgency: Urgency | null;
  category: string | null;
  clocks: Record<SlaClockName, SlaClockSpec>;
  warning_fractions: number[];
  escalate_after: string;
  pause_during_dispute: boolean;
  pause_during_extension: boolean;
  version: number;
  updated_at: Date;
}

const toProfile = (row: ProfileRow): SlaProfile => ({
  profileId: row.profile_id,
  name: row.name,
  requestType: row.request_type,
  urgency: row.urgency,
  category: row.category,
  clocks: row.clocks,
  warningFractions: row.warning_fractions,
  escalateAfter: row.escalate_after,
  pauseDuringDispute: row.pause_during_dispute,
  pauseDuringExtension: row.pause_during_extension,
  version: row.version,
  updatedAt: row.updated_at.toISOString(),
});

export type ProfileWrite = Omit<SlaProfile, 'version' | 'updatedAt'>;

export class SlaProfileRepository {
  constructor(private readonly manager: EntityManager) {}

  async all(): Promise<SlaProfile[]> {
    const rows: ProfileRow[] = await this.manager.query(`SELECT * FROM supervision.sla_profiles ORDER BY profile_id`);
    return rows.map(toProfile);
  }

  async find(profileId: string, options: { lock?: boolean } = {}): Promise<SlaProfile | undefined> {
    const rows: ProfileRow[] = await this.manager.query(
      `SELECT * FROM supervision.sla_profiles WHERE profile_id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [profileId],
    );
    return rows[0] ? toProfile(rows[0]) : undefined;
  }

  /** The profile holding a key, other than `exceptId`. */
  async holderOfKey(profile: Pick<SlaProfile, 'requestType' | 'urgency' | 'category'>, exceptId: string): Promise<string | undefined> {
    const rows: Array<{ profile_id: string }> = await this.manager.query(
      `SELECT profile_id FROM supervision.sla_profiles
        WHERE request_type IS NOT DISTINCT FROM $1 AND urgency IS NOT DISTINCT FROM $2 AND category IS NOT DISTINCT FROM $3 AND profile_id <> $4`,
      [profile.requestType, profile.urgency, profile.category, exceptId],
    );
    return rows[0]?.profile_id;
  }

  async save(profile: ProfileWrite): Promise<SlaProfile> {
    const rows: ProfileRow[] = await this.manager.query(
      `INSERT INTO supervision.sla_profiles
         (profile_id, name, request_type, urgency, category, clocks, warning_fractions, escalate_after, pause_during_dispute, pause_during_extension)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (profile_id) DO UPDATE SET
         name = EXCLUDED.name, request_type = EXCLUDED.request_type, urgency = EXCLUDED.urgency, category = EXCLUDED.category,
         clocks = EXCLUDED.clocks, warning_fractions = EXCLUDED.warning_fractions, escalate_after = EXCLUDED.escalate_after,
         pause_during_dispute = EXCLUDED.pause_during_dispute, pause_during_extension = EXCLUDED.pause_during_extension,
         version = supervision.sla_profiles.version + 1, updated_at = now()
       RETURNING *`,
      [
        profile.profileId,
        profile.name,
        profile.requestType,
        profile.urgency,
        profile.category,
        JSON.stringify(profile.clocks),
        profile.warningFractions,
        profile.escalateAfter,
        profile.pauseDuringDispute,
        profile.pauseDuringExtension,
      ],
    );
    return toProfile(rows[0]);
  }
}
