import type { NameHit } from '../domain/district-locator';
import { Gazetteer } from './gazetteer';

const entry = (name: string, districtCode: string, full = true): NameHit => ({
  name,
  full,
  districtCode,
  districtName: `${districtCode}区`,
  streetCode: null,
  communityCode: null,
});

describe('Gazetteer', () => {
  const gazetteer = new Gazetteer([entry('朝阳区', '110105'), entry('朝阳', '110105', false), entry('朝阳门', '110101'), entry('和平里', '110101'), entry('和平里', '110105'), entry('', '110101')]);

  it('finds every entry whose name occurs in the text, each once, however often it occurs', () => {
    expect(gazetteer.namesIn('朝阳区朝阳门外，朝阳门内').map((n) => [n.name, n.districtCode])).toEqual([
      ['朝阳区', '110105'],
      ['朝阳', '110105'],
      ['朝阳门', '110101'],
    ]);
  });

  it('returns every entry of a name that stands in several districts', () => {
    expect(gazetteer.namesIn('和平里小区').map((n) => n.districtCode)).toEqual(['110101', '110105']);
  });

  it('finds nothing in a text without names, in an empty text, and in an empty gazetteer; empty names are left out', () => {
    expect(gazetteer.namesIn('路灯不亮')).toEqual([]);
    expect(gazetteer.namesIn('')).toEqual([]);
    expect(new Gazetteer([]).namesIn('朝阳区')).toEqual([]);
    expect(gazetteer.size).toBe(5);
  });
});
