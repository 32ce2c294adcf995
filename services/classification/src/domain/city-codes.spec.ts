import { cityCodeProblems } from './city-codes';

const city = {
  districts: [{ code: '110101' }],
  streets: [{ code: '110101001', districtCode: '110101' }],
  communities: [{ code: '110101001002', streetCode: '110101001', districtCode: '110101' }],
  grids: [{ code: '110101001002017', communityCode: '110101001002', streetCode: '110101001', districtCode: '110101' }],
  components: [{ code: '1101010101000001', majorClass: '01', minorClass: '01' }],
};

describe('cityCodeProblems', () => {
  it('accepts codes that nest (grid in community in street in district) and components of county + classes + serial', () => {
    expect(cityCodeProblems(city)).toEqual([]);
  });

  it('names a grid outside its community, a short grid code and a component whose classes disagree with its code', () => {
    expect(
      cityCodeProblems({
        ...city,
        grids: [
          { code: '110101001003017', communityCode: '110101001002', streetCode: '110101001', districtCode: '110101' },
          { code: '11010100100201', communityCode: '110101001002', streetCode: '110101001', districtCode: '110101' },
        ],
        components: [{ code: '1101010102000001', majorClass: '01', minorClass: '01' }],
      }),
    ).toEqual([
      'unit grid 110101001003017: not 15 digits = its community 110101001002 + 3',
      'unit grid 11010100100201: not 15 digits = its community 110101001002 + 3',
      'component 1101010102000001: not 16 digits = county + major 01 (2) + minor 01 (2) + serial (6)',
    ]);
  });

  it('takes the component code widths as configuration (a 3-digit minor class)', () => {
    const threeDigitMinor = { major: 2, minor: 3, serial: 5 };
    expect(cityCodeProblems({ ...city, components: [{ code: '1101050100300001', majorClass: '01', minorClass: '003' }] }, threeDigitMinor)).toEqual([]);
    expect(cityCodeProblems(city, threeDigitMinor)).toHaveLength(1);
  });
});
