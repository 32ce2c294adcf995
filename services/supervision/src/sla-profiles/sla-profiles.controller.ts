import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { Access } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import type { SlaProfile } from '../domain/sla-profile';
import { slaProfileListSchema, slaProfileSchema } from './sla-profile.contract';
import { profileIdPathSchema, putSlaProfileRequestSchema, type PutSlaProfileRequest } from './sla-profile.request';
import { SlaProfilesHandler } from './sla-profiles.handler';

@Controller('v1/sla-profiles')
export class SlaProfilesController {
  constructor(private readonly handler: SlaProfilesHandler) {}

  @ApiContract({ summary: 'SLA profiles (时限配置): clocks by request type × urgency × category', response: slaProfileListSchema })
  @Get()
  @Access({ roles: ['dispatcher', 'supervisor', 'auditor', 'admin'], operation: 'sla-profiles.list' })
  async list(): Promise<{ items: SlaProfile[] }> {
    return { items: await this.handler.list() };
  }

  @ApiContract({
    summary: 'Create or replace an SLA profile; it applies to clocks started afterwards',
    params: profileIdPathSchema,
    body: putSlaProfileRequestSchema,
    response: slaProfileSchema,
    errors: ['SLA_PROFILE.CONFLICT'],
  })
  @Put(':profileId')
  @Access({ roles: ['admin'], operation: 'sla-profiles.put' })
  async put(
    @Param(new ZodPipe(profileIdPathSchema, 'path')) { profileId }: { profileId: string },
    @Body(new ZodPipe(putSlaProfileRequestSchema)) body: PutSlaProfileRequest,
  ): Promise<SlaProfile> {
    const result = await this.handler.put(profileId, body);
    switch (result.status) {
      case 'saved':
        return result.profile;
      case 'key_taken':
        throw new AppError('SLA_PROFILE.CONFLICT', `profile ${result.holder} already has this request type × urgency × category`, { holder: result.holder });
      case 'default_must_match_all':
        throw new AppError('SLA_PROFILE.CONFLICT', 'the default profile must match every case: its requestType, urgency and category stay null');
      case 'version_mismatch':
        throw new AppError('SLA_PROFILE.CONFLICT', `profile ${profileId} is at version ${result.current ?? 'none'}, not ${body.expectedVersion}: read it again`, {
          currentVersion: result.current,
        });
    }
  }
}
