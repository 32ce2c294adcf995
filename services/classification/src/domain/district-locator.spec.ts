import { locatePlace, type CasePlaceInput } from './district-locator';

const input = (overrides: Partial<CasePlaceInput>): CasePlaceInput => ({ location: null, address: null, title: null, description: '', ...overrides });

describe('locatePlace', () => {
  it('takes the district from a location inside its outline', () => {
    expect(locatePlace(input({ location: { lat: 39.9087, lng: 116.4605 }, description: '路灯不亮' }))).toEqual({
      districtCode: '110105',
      districtName: '朝阳区',
      streetCode: null,
      districtSource: 'location',
    });
  });

  it('trusts the location over a district named in the text, but keeps a street only from the same district', () => {
    const located = locatePlace(input({ location: { lat: 39.9087, lng: 116.4605 }, address: '海淀区中关村大街1号' }));
    expect(located).toMatchObject({ districtCode: '110105', streetCode: null, districtSource: 'location' });
    const sameDistrict = locatePlace(input({ location: { lat: 39.9087, lng: 116.4605 }, address: '朝阳区望京街道某小区' }));
    expect(sameDistrict).toMatchObject({ districtCode: '110105', streetCode: '110105026' });
  });

  it('reads the district and street from the text when there is no location', () => {
    expect(locatePlace(input({ description: '海淀区中关村大街的路灯坏了' }))).toMatchObject({
      districtCode: '110108',
      districtName: '海淀区',
      districtSource: 'text',
    });
    expect(locatePlace(input({ address: '北京市朝阳区望京街道某小区' })).streetCode).toBe('110105026');
  });

  it('falls back to the text when the location is outside Beijing', () => {
    expect(locatePlace(input({ location: { lat: 31.23, lng: 121.47 }, address: '朝阳区' }))).toMatchObject({ districtCode: '110105', districtSource: 'text' });
  });

  it('finds nothing when neither names a place', () => {
    expect(locatePlace(input({ description: '没有提到任何地点' }))).toEqual({ districtCode: null, districtName: null, streetCode: null, districtSource: null });
  });
});
