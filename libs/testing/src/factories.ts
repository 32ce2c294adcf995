import { randomUUID } from 'node:crypto';
import { newCaseEvent, type CaseEventOf, type CaseEventTypeName, type PayloadOf, type Producer } from '@hotline/contracts';

/** A valid POST /v1/cases body: a broken street light in Chaoyang. */
export function aCaseRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'complaint',
    channel: 'phone',
    title: '路灯不亮',
    description: '朝阳区建国路88号小区门口的路灯已经坏了一周，晚上很黑，请尽快维修。',
    location: { lat: 39.9087, lng: 116.4605 },
    address: '北京市朝阳区建国路88号',
    reporter: { name: '测试市民', phone: '13800000000', confidential: false },
    ...overrides,
  };
}

/** Builds a valid event of `type` for a new (or given) case, as its producer would. */
export function aCaseEvent<T extends CaseEventTypeName>(
  type: T,
  payload: PayloadOf<T>,
  options: { caseId?: string; producer?: Producer; cause?: { eventId: string; correlationId: string } } = {},
): CaseEventOf<T> {
  return newCaseEvent({
    type,
    caseId: options.caseId ?? randomUUID(),
    producer: options.producer ?? 'intake',
    payload,
    ...(options.cause ? { cause: options.cause } : {}),
  });
}

export function aReceivedPayload(overrides: Partial<PayloadOf<'case.received'>> = {}): PayloadOf<'case.received'> {
  return {
    trackingNumber: `261127-${randomUUID().slice(0, 6).toUpperCase()}`,
    type: 'complaint',
    channel: 'phone',
    title: '路灯不亮',
    description: '朝阳区建国路88号小区门口的路灯坏了，晚上很黑。',
    location: { lat: 39.9087, lng: 116.4605 },
    address: '北京市朝阳区建国路88号',
    reporter: { name: '测试市民', phone: '13800000000', confidential: false },
    externalId: null,
    reportedAt: new Date().toISOString(),
    ...overrides,
  };
}
