import { LiveSubscriptions } from './live-subscriptions';

describe('LiveSubscriptions', () => {
  const subscriptions = new LiveSubscriptions('7', [
    { id: 's1', agencyId: 'gov-110105', eventTypes: ['case.dispatched', 'case.signed'] },
    { id: 's2', agencyId: 'water', eventTypes: ['case.dispatched'] },
    { id: 's3', agencyId: 'gov-110105', eventTypes: ['case.closed'] },
    { id: 's4', agencyId: 'gov-110105', eventTypes: ['case.dispatched'] },
  ]);

  it('answers the subscriptions of the units given that asked for the event type, in the order they were registered', () => {
    expect(subscriptions.subscribersOf(['water', 'gov-110105'], 'case.dispatched')).toEqual([
      { id: 's1', agencyId: 'gov-110105' },
      { id: 's2', agencyId: 'water' },
      { id: 's4', agencyId: 'gov-110105' },
    ]);
    expect(subscriptions.subscribersOf(['gov-110105'], 'case.closed')).toEqual([{ id: 's3', agencyId: 'gov-110105' }]);
  });

  it('answers each subscription once when a unit is named twice, and none for units without one', () => {
    expect(subscriptions.subscribersOf(['water', 'water'], 'case.dispatched')).toEqual([{ id: 's2', agencyId: 'water' }]);
    expect(subscriptions.subscribersOf(['gas'], 'case.dispatched')).toEqual([]);
    expect(subscriptions.subscribersOf([], 'case.signed')).toEqual([]);
  });
});
