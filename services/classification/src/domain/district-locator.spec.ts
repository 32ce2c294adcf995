import { combinePlace, pickPlaceByName, type NameHit, type PointHit } from './district-locator';

const name = (text: string, full: boolean, districtCode: string, streetCode: string | null = null, communityCode: string | null = null): NameHit => ({
  name: text,
  full,
  districtCode,
  districtName: `${districtCode}区`,
  streetCode,
  communityCode,
});

const GAZETTEER: NameHit[] = [
  name('朝阳区', true, '110105'),
  name('朝阳', false, '110105'),
  name('海淀区', true, '110108'),
  name('望京街道', true, '110105', '110105026'),
  name('望京', false, '110105', '110105026'),
  name('朝阳门街道', true, '110101', '110101005'),
  name('朝阳门', false, '110101', '110101005'),
  name('望京第2社区', true, '110105', '110105026', '110105026002'),
];
const hitsIn = (text: string) => GAZETTEER.filter((g) => text.includes(g.name));

describe('pickPlaceByName', () => {
  it('takes a full name over a short one, and the street and community that lie in its district', () => {
    const text = '北京市朝阳区望京第2社区路灯不亮';
    expect(pickPlaceByName(text, hitsIn(text))).toEqual({
      districtCode: '110105',
      districtName: '110105区',
      streetCode: '110105026',
      communityCode: '110105026002',
      matched: '朝阳区',
    });
  });

  it('does not count a name inside a longer one (朝阳 in 朝阳门)', () => {
    const text = '海淀区，离朝阳门不远';
    expect(pickPlaceByName(text, hitsIn(text))).toMatchObject({ districtCode: '110108', streetCode: null });
    expect(pickPlaceByName('朝阳门外', hitsIn('朝阳门外'))).toMatchObject({ districtCode: '110101', streetCode: '110101005' });
  });

  it('finds nothing in a text without place names', () => {
    expect(pickPlaceByName('没有提到任何地点', hitsIn('没有提到任何地点'))).toBeNull();
  });
});

describe('combinePlace', () => {
  const onGrid: PointHit = { districtCode: '110105', districtName: '朝阳区', streetCode: '110105026', communityCode: '110105026001', gridCode: '110105026001007' };
  const districtOnly: PointHit = { districtCode: '110105', districtName: '朝阳区', streetCode: null, communityCode: null, gridCode: null };

  it('takes all four codes from the grid under the position, over the text', () => {
    const named = pickPlaceByName('海淀区', hitsIn('海淀区'));
    expect(combinePlace(onGrid, named, null)).toEqual({
      districtCode: '110105',
      districtName: '朝阳区',
      streetCode: '110105026',
      districtSource: 'location',
      gridCode: '110105026001007',
      communityCode: '110105026001',
    });
  });

  it('fills the street from the text only inside the district the position found', () => {
    expect(combinePlace(districtOnly, pickPlaceByName('朝阳区望京街道', hitsIn('朝阳区望京街道')), null).streetCode).toBe('110105026');
    expect(combinePlace(districtOnly, pickPlaceByName('朝阳门街道', hitsIn('朝阳门街道')), null).streetCode).toBeNull();
  });

  it('falls back to the text, and carries a component and its owner', () => {
    const named = pickPlaceByName('朝阳区望京', hitsIn('朝阳区望京'));
    expect(combinePlace(null, named, { code: '1101050101000001', ownerAgencyId: 'utility-water' })).toEqual({
      districtCode: '110105',
      districtName: '110105区',
      streetCode: '110105026',
      districtSource: 'text',
      componentCode: '1101050101000001',
      componentOwnerId: 'utility-water',
    });
    expect(combinePlace(null, null, null)).toEqual({ districtCode: null, districtName: null, streetCode: null, districtSource: null });
  });
});
