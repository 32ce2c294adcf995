import type { DataSource, EntityManager } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import { InboxRecord } from './inbox-record.entity';

export type ProcessOnceResult<T> = { status: 'processed'; value: T } | { status: 'duplicate' };

/**
 * Runs `effect` and records the event in the inbox in one transaction. A redelivered event (after a
 * crash between the commit and the Kafka offset commit) finds its inbox row and is skipped.
 */
export async function processOnce<T>(
  dataSource: DataSource,
  consumer: string,
  event: Pick<CaseEvent, 'eventId' | 'type'>,
  effect: (manager: EntityManager) => Promise<T>,
): Promise<ProcessOnceResult<T>> {
  return dataSource.transaction(async (manager) => {
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(InboxRecord)
      .values({ consumer, eventId: event.eventId, eventType: event.type })
      .orIgnore()
      .returning('event_id')
      .execute();
    const isDuplicate = (inserted.raw as unknown[]).length === 0;
    if (isDuplicate) return { status: 'duplicate' } as const;
    return { status: 'processed', value: await effect(manager) } as const;
  });
}
