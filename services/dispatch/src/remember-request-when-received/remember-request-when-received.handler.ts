import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CaseEventOf } from '@hotline/contracts';
import { processOnce } from '@hotline/messaging';
import { rememberCaseRequest } from '../case-request/case-request.store';
import { DISPATCH_CONSUMER } from '../infrastructure/messaging/dispatch-consumer';

/**
 * Keeps what catalogue rules match on and case.classified does not carry: the request type and the
 * text for keyword rules. It arrives first (same key, same partition) and is deleted at dispatch.
 */
@Injectable()
export class RememberRequestWhenReceivedHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(event: CaseEventOf<'case.received'>): Promise<{ status: 'remembered' | 'duplicate' }> {
    const outcome = await processOnce(this.dataSource, DISPATCH_CONSUMER.consumerName, event, async (manager) => {
      const { payload } = event;
      await rememberCaseRequest(manager, {
        caseId: event.caseId,
        requestType: payload.type,
        text: [payload.title, payload.description].filter(Boolean).join('\n'),
        receivedAt: new Date(payload.reportedAt),
      });
    });
    return { status: outcome.status === 'duplicate' ? 'duplicate' : 'remembered' };
  }
}
