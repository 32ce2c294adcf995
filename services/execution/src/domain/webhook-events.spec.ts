import { webhookRecipients, type WebhookCaseState } from './webhook-events';

const state = (overrides: Partial<WebhookCaseState> = {}): WebhookCaseState => ({
  caseId: '6f1c2a8e-4a7b-4c55-9a53-0d6a3f0e9b11',
  agencyId: 'street-110105001',
  round: 1,
  status: 'dispatched',
  deadline: new Date('2026-11-30T09:00:00Z'),
  copiedTo: ['gov-110105'],
  ...overrides,
});

describe('webhookRecipients', () => {
  it('tells the lead, each co-handler, each copy holder and the previous unit, each once in its strongest role', () => {
    expect(webhookRecipients(state({ coHandlerIds: ['city-urban-management', 'gov-110105'] }), 'street-110105002')).toEqual([
      { agencyId: 'street-110105001', role: 'lead' },
      { agencyId: 'city-urban-management', role: 'co_handler' },
      { agencyId: 'gov-110105', role: 'co_handler' },
      { agencyId: 'street-110105002', role: 'previous' },
    ]);
  });

  it('tells the lead and the copies of a state without co-handlers', () => {
    expect(webhookRecipients(state())).toEqual([
      { agencyId: 'street-110105001', role: 'lead' },
      { agencyId: 'gov-110105', role: 'copy' },
    ]);
  });
});
