import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DEFAULT_PROFILE_ID, type SlaProfile } from '../domain/sla-profile';
import { SlaProfileRepository } from '../infrastructure/database/sla-profile.repository';
import { SupervisionReferenceCache } from '../reference-data/reference-data.cache';
import type { PutSlaProfileRequest } from './sla-profile.request';

export type PutProfileResult =
  | { status: 'saved'; profile: SlaProfile; isNew: boolean }
  | { status: 'key_taken'; holder: string }
  | { status: 'default_must_match_all' }
  | { status: 'version_mismatch'; current: number | null };

@Injectable()
export class SlaProfilesHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referenceData: SupervisionReferenceCache,
  ) {}

  list(): Promise<SlaProfile[]> {
    return new SlaProfileRepository(this.dataSource.manager).all();
  }

  /** Creates or replaces a profile. It applies to clocks started afterwards; running clocks keep theirs. */
  async put(profileId: string, request: PutSlaProfileRequest): Promise<PutProfileResult> {
    const result = await this.dataSource.transaction(async (manager): Promise<PutProfileResult> => {
      const profiles = new SlaProfileRepository(manager);
      const existing = await profiles.find(profileId, { lock: true });
      if (request.expectedVersion !== undefined && existing?.version !== request.expectedVersion) {
        return { status: 'version_mismatch', current: existing?.version ?? null };
      }
      const isMatchAll = request.requestType === null && request.urgency === null && request.category === null;
      // Every case needs a profile: the default one must go on matching all of them.
      if (profileId === DEFAULT_PROFILE_ID && !isMatchAll) return { status: 'default_must_match_all' };
      const holder = await profiles.holderOfKey(request, profileId);
      if (holder !== undefined) return { status: 'key_taken', holder };
      const { expectedVersion: _expectedVersion, ...fields } = request;
      const profile = await profiles.save({ profileId, ...fields });
      return { status: 'saved', profile, isNew: existing === undefined };
    });
    // Clocks started from now on use it, in this process at once (other replicas within the cache's TTL).
    if (result.status === 'saved') this.referenceData.invalidate();
    return result;
  }
}
