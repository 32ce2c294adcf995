import { kindOfAgency } from './agency-kind';

describe('kindOfAgency', () => {
  it('reads the kind of unit from the prefix of its id', () => {
    expect(kindOfAgency('street-110105001')).toBe('street_office');
    expect(kindOfAgency('gov-110105')).toBe('district_government');
    expect(kindOfAgency('city-urban-management')).toBe('city_department');
    expect(kindOfAgency('utility-water')).toBe('utility');
    expect(kindOfAgency('acme')).toBe('other');
  });
});
