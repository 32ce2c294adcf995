import { Body, Controller, Headers, HttpCode, Post, Res, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { Access, CurrentPrincipal, hasRole, isChannelAllowed, type Principal } from '@hotline/access';
import { ApiContract, AppError, HandlesOwnIdempotency, ZodPipe } from '@hotline/nest-platform';
import { AdmissionInterceptor } from '../load-shedding/admission.interceptor';
import { ReceiveCaseHandler } from './receive-case.handler';
import { idempotencyKeySchema, receiveCaseRequestSchema, type ReceiveCaseRequest } from './receive-case.request';
import { receiveCaseHeadersSchema, receiveCaseResponseSchema } from './receive-case.contract';

export interface ReceiveCaseResponse {
  caseId: string;
  trackingNumber: string;
  status: 'received';
}

@Controller('v1/cases')
export class ReceiveCaseController {
  constructor(private readonly handler: ReceiveCaseHandler) {}

  @ApiContract({ summary: 'Receive a case (受理)', body: receiveCaseRequestSchema, headers: receiveCaseHeadersSchema, response: receiveCaseResponseSchema, responseHeaders: { 'Idempotent-Replayed': 'true when the Idempotency-Key was seen before and the same case is returned' }, errors: ['INTAKE.IDEMPOTENCY_MISMATCH', 'INTAKE.OVERLOADED'] })
  @Post()
  @Access({ roles: ['hotline_client', 'dispatcher', 'inspector', 'admin'], operation: 'cases.create' })
  @HttpCode(202)
  @UseInterceptors(AdmissionInterceptor)
  // The key is claimed in the case's own transaction (receive-case.handler.ts), not in Redis.
  @HandlesOwnIdempotency()
  async receive(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(receiveCaseRequestSchema)) body: ReceiveCaseRequest,
    @Headers('idempotency-key') rawIdempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReceiveCaseResponse> {
    if (!isChannelAllowed(principal, body.channel)) {
      throw AppError.denied('AUTH.FORBIDDEN', `Your API key may not submit cases on the ${body.channel} channel.`, `API key scope lacks channel ${body.channel}`);
    }
    // 数字城管: a grid report comes from an inspector, who may later not check it on site.
    const isGridReport = body.channel === 'grid';
    if (isGridReport && !hasRole(principal, 'inspector')) {
      throw AppError.denied('AUTH.FORBIDDEN', 'Only grid inspectors report on the grid channel.', 'channel grid without role inspector');
    }
    const idempotencyKey = new ZodPipe(idempotencyKeySchema, 'Idempotency-Key header').transform(rawIdempotencyKey);
    const result = await this.handler.execute(body, idempotencyKey, isGridReport ? { gridReport: { inspectorId: principal.id } } : {});
    switch (result.status) {
      case 'idempotency_mismatch':
        throw new AppError(
          'INTAKE.IDEMPOTENCY_MISMATCH',
          'This Idempotency-Key was already used for a different request; use a new key for a new case.',
          { caseId: result.caseId },
        );
      case 'replayed':
        response.setHeader('Idempotent-Replayed', 'true');
        return { caseId: result.caseId, trackingNumber: result.trackingNumber, status: 'received' };
      case 'received':
        return { caseId: result.caseId, trackingNumber: result.trackingNumber, status: 'received' };
    }
  }
}
