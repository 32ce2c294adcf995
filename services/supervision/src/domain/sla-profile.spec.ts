import { matchProfile } from './sla-profile';

const p = (profileId: string, requestType: string | null, urgency: string | null, category: string | null) => ({ profileId, requestType, urgency, category });

describe('matchProfile', () => {
  const profiles = [p('default', null, null, null), p('emergency', null, 'emergency', null), p('water', null, null, 'water_supply'), p('water-complaint', 'complaint', null, 'water_supply')];

  it.each([
    [{ requestType: 'help', urgency: 'normal', category: 'street_light' }, 'default'],
    [{ requestType: 'help', urgency: 'emergency', category: 'street_light' }, 'emergency'],
    [{ requestType: 'help', urgency: 'normal', category: 'water_supply' }, 'water'],
    [{ requestType: 'complaint', urgency: 'normal', category: 'water_supply' }, 'water-complaint'],
    [{ requestType: null, urgency: null, category: null }, 'default'],
  ])('picks the most specific profile for %j: %s', (keys, expected) => {
    expect(matchProfile(profiles, keys)?.profileId).toBe(expected);
  });

  it('breaks a tie between equally specific profiles by id', () => {
    expect(matchProfile(profiles, { requestType: 'help', urgency: 'emergency', category: 'water_supply' })?.profileId).toBe('emergency');
  });
});
