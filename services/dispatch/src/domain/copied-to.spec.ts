import { getAgency } from '@hotline/demo-city';
import { copiedToAgencyIds } from './copied-to';

describe('copiedToAgencyIds', () => {
  it('copies a street office dispatch to its district government', () => {
    expect(copiedToAgencyIds(getAgency('street-110105001')!)).toEqual(['gov-110105']);
  });

  it('copies nobody on a dispatch to a district government, a city department or a utility', () => {
    for (const agencyId of ['gov-110105', 'city-urban-management', 'utility-water']) {
      expect(copiedToAgencyIds(getAgency(agencyId)!)).toEqual([]);
    }
  });

  it('copies nobody when a street office has no parent on record', () => {
    expect(copiedToAgencyIds({ kind: 'street_office', parentAgencyId: null })).toEqual([]);
  });
});
