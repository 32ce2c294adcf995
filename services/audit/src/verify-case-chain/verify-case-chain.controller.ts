import { Controller, Get, Param } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, ZodPipe } from '@hotline/nest-platform';
import { caseLookupError } from '../case-reference/case-reference.errors';
import { caseReferenceSchema } from '../case-reference/case-reference.request';
import { VerifyCaseChainHandler } from './verify-case-chain.handler';
import { caseReferencePathSchema } from '../case-reference/case-reference.contract';
import { verifyCaseChainResponseSchema } from './verify-case-chain.contract';

export interface VerifyCaseChainResponse {
  caseId: string;
  isIntact: boolean;
  eventCount: number;
  /** The first position whose event no longer matches the chain. */
  brokenAt?: number;
  reason?: string;
  /** Erased events recorded before hash version 2: checked by their place in the chain only. */
  positionsNotRecomputed?: number[];
}

@Controller('v1/cases')
export class VerifyCaseChainController {
  constructor(private readonly handler: VerifyCaseChainHandler) {}

  @ApiContract({ summary: 'Verify a case\'s hash chain: proof nothing was altered', params: caseReferencePathSchema, response: verifyCaseChainResponseSchema, errors: ['CASE.NOT_FOUND', 'CASE.CONFLICT'] })
  @Get(':caseReference/verify')
  @Access({ roles: ['auditor', 'supervisor', 'admin'], operation: 'cases.verify' })
  async verify(@CurrentPrincipal() principal: Principal, @Param('caseReference') rawReference: string): Promise<VerifyCaseChainResponse> {
    const reference = new ZodPipe(caseReferenceSchema, 'case id or tracking number').transform(rawReference);
    const result = await this.handler.execute(reference, principal);
    if (result.status !== 'verified') throw caseLookupError(reference, result);
    const { verdict } = result;
    return verdict.isIntact
      ? {
          caseId: result.caseId,
          isIntact: true,
          eventCount: verdict.eventCount,
          ...(verdict.positionsNotRecomputed.length > 0 ? { positionsNotRecomputed: verdict.positionsNotRecomputed } : {}),
        }
      : { caseId: result.caseId, isIntact: false, eventCount: verdict.eventCount, brokenAt: verdict.brokenAt, reason: verdict.reason };
  }
}
