import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DISTRICTS,
  STREETS,
  findDistrictByPoint,
  findDistrictByText,
  findPlaceByText,
  getDistrict,
  getStreet,
  streetsOfDistrict,
  type Position,
} from './districts';

const SOURCE = resolve(__dirname, '../../../../shared/data/geo-beijing/districts.geojson');
const itWithSource = existsSync(SOURCE) ? it : it.skip;
// A WGS-84 fix in Beijing shows up roughly this far south-west of its GCJ-02 position.
const DATUM_SHIFT = { lat: -0.0014, lng: -0.0062 };

const rings = (): Position[][] =>
  DISTRICTS.flatMap((d) => (d.geometry.type === 'Polygon' ? d.geometry.coordinates : d.geometry.coordinates.flat()));

describe('districts', () => {
  it('lists the 16 districts of Beijing with 6-digit codes', () => {
    expect(DISTRICTS).toHaveLength(16);
    expect(new Set(DISTRICTS.map((d) => d.adcode)).size).toBe(16);
    for (const d of DISTRICTS) expect(d.adcode).toMatch(/^1101\d\d$/);
    expect(getDistrict('110105')).toMatchObject({ name: '朝阳区', shortName: '朝阳' });
  });

  it('keeps every outline ring closed with at least four positions', () => {
    for (const ring of rings()) {
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[ring.length - 1]).toEqual(ring[0]);
    }
  });

  it('puts every street in a known district, 343 of them not counting development zones', () => {
    for (const s of STREETS) {
      expect(s.code).toMatch(/^\d{9}$/);
      expect(s.code.startsWith(s.districtCode)).toBe(true);
      expect(getDistrict(s.districtCode)).toBeDefined();
    }
    expect(STREETS.filter((s) => s.kind !== 'development_zone')).toHaveLength(343);
    expect(getStreet('110105026')?.name).toBe('望京街道');
    expect(streetsOfDistrict('110101').length).toBe(17);
  });

  it.each<[string, number, number, string]>([
    ['Chaoyang near Guomao', 39.92, 116.45, '110105'],
    ['Chaoyang east of the third ring', 39.92, 116.47, '110105'],
    ['Haidian near Renmin University', 39.96, 116.3, '110108'],
    ['the Dongcheng seat', 39.91754, 116.41876, '110101'],
    ['the Xicheng seat', 39.91531, 116.36679, '110102'],
  ])('finds the district of %s whichever datum the point is in', (_label, lat, lng, adcode) => {
    expect(findDistrictByPoint(lat, lng)?.adcode).toBe(adcode);
    expect(findDistrictByPoint(lat + DATUM_SHIFT.lat, lng + DATUM_SHIFT.lng)?.adcode).toBe(adcode);
  });

  it('finds each district from its own seat', () => {
    for (const d of DISTRICTS) expect(findDistrictByPoint(d.center[1], d.center[0])?.adcode).toBe(d.adcode);
  });

  it('finds no district outside Beijing or for a non-number', () => {
    expect(findDistrictByPoint(31.23, 121.47)).toBeNull();
    expect(findDistrictByPoint(Number.NaN, 116.4)).toBeNull();
  });

  itWithSource('agrees with the unsimplified source outlines on a grid of points (skipped without ../shared/data)', () => {
    const source = JSON.parse(readFileSync(SOURCE, 'utf8')) as {
      features: Array<{ properties: { adcode: number }; geometry: { type: 'MultiPolygon'; coordinates: Position[][][] } }>;
    };
    let total = 0;
    let agree = 0;
    for (let lat = 39.45; lat <= 41.05; lat += 0.02) {
      for (let lng = 115.45; lng <= 117.5; lng += 0.02) {
        const expected = source.features.find((f) => booleanPointInPolygon([lng, lat], f.geometry));
        if (!expected) continue;
        total++;
        if (findDistrictByPoint(lat, lng)?.adcode === String(expected.properties.adcode)) agree++;
      }
    }
    expect(total).toBeGreaterThan(3000);
    expect(agree / total).toBeGreaterThan(0.995);
  });

  it('keeps the committed data small', () => {
    const size = (file: string): number => statSync(join(__dirname, 'data', file)).size;
    expect(size('districts.json') + size('streets.json')).toBeLessThan(150 * 1024);
  });
});

describe('finding a place in text', () => {
  it.each<[string, string | null]>([
    ['北京市朝阳区建国路88号', '110105'],
    ['朝阳大悦城附近', '110105'],
    ['海淀区中关村大街', '110108'],
    ['家住望京，楼下很吵', '110105'],
    ['昌平回龙观的小区', '110114'],
    ['朝阳门内大街有个坑', '110101'],
    ['平谷区大兴庄镇', '110117'],
    ['我住在天通苑北', '110114'],
    ['没有提到任何地点', null],
  ])('reads "%s" as district %s', (text, adcode) => {
    expect(findDistrictByText(text)?.adcode ?? null).toBe(adcode);
  });

  it('reports the street when it belongs to the district found', () => {
    expect(findPlaceByText('北京市朝阳区望京街道某小区')).toMatchObject({ street: { code: '110105026' }, matched: '朝阳区' });
    expect(findPlaceByText('三里屯太古里')?.street?.name).toBe('三里屯街道');
    expect(findPlaceByText('海淀区，离朝阳门不远')).toMatchObject({ district: { adcode: '110108' }, street: null });
  });

  it('does not treat ambiguous or generic street names as places', () => {
    // 八里庄 is a street in both 朝阳 and 海淀; 鼓楼 is a 密云 street and a landmark elsewhere.
    expect(findDistrictByText('八里庄路口')).toBeNull();
    expect(findDistrictByText('鼓楼大街')).toBeNull();
  });
});
