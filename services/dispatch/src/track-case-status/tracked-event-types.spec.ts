import { TRACKED_EVENT_TYPES } from './tracked-event-types';

describe('TRACKED_EVENT_TYPES', () => {
  it('follows the handling and follow-up events of a case', () => {
    expect(TRACKED_EVENT_TYPES).toEqual(expect.arrayContaining(['case.signed', 'case.feedback_submitted', 'case.closed', 'case.answered']));
  });

  it('leaves out what dispatch sets or handles itself', () => {
    for (const type of ['case.received', 'case.classified', 'case.dispatched', 'case.redispatched', 'case.reopened']) {
      expect(TRACKED_EVENT_TYPES).not.toContain(type);
    }
  });
});
