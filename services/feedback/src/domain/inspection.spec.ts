import { checkInspection } from './inspection';

describe('checkInspection (核查)', () => {
  const grid = { status: 'feedback_submitted' as const, channel: 'grid' as const, reviewRequired: false, reporterInspectorId: 'user:inspector-a' };

  it('lets a different inspector check a grid case the unit has replied to', () => {
    expect(checkInspection(grid, 'user:inspector-b')).toBeNull();
  });

  it('refuses the inspector who reported the case', () => {
    expect(checkInspection(grid, 'user:inspector-a')).toMatchObject({ code: 'INSPECTION.SAME_INSPECTOR' });
  });

  it('refuses a case from another channel, and a grid case without a reply waiting', () => {
    expect(checkInspection({ ...grid, channel: 'phone' }, 'user:inspector-b')).toMatchObject({ code: 'INSPECTION.NOT_GRID' });
    for (const status of ['signed', 'awaiting_follow_up', 'closed'] as const) {
      expect(checkInspection({ ...grid, status }, 'user:inspector-b')).toMatchObject({ code: 'INSPECTION.NOT_PENDING' });
    }
  });
});
