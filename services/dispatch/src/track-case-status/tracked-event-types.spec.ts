import { TRACKED_EVENT_TYPES } from './tracked-event-types';

describe('TRACKED_EVENT_TYPES', () => {
  it('follows the handling and follow-up events of a case', () => {
    expect(TRACKED_EVENT_TYPES).toEqual(expect.arrayContaining(['case.signed', 'case.feedback_submitted', 'case.closed', 'case.answered']));
  });

  it('leaves out what dispatch sets or handles itself', () => {
    const setOrReviewedByDispatch = ['case.received', 'case.classified', 'case.merged', 'case.dispatched', 'case.redispatched', 'case.reopened', 'case.dispute_raised', 'case.dispute_rejected', 'case.extension_requested', 'case.extension_approved', 'case.extension_rejected'];
    for (const type of setOrReviewedByDispatch) {
      expect(TRACKED_EVENT_TYPES).not.toContain(type);
    }
  });
});
