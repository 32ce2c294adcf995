import { CITY_DATUMS, convertPosition } from './datum';
import { asStored, inCityDatums, pointParameters } from './place-resolver';

// 天安门 in GCJ-02 (AMap).
const TIANANMEN_GCJ02: [number, number] = [116.397477, 39.908692];
const metresBetween = ([lng1, lat1]: readonly [number, number], [lng2, lat2]: readonly [number, number]) =>
  Math.hypot((lng1 - lng2) * 111_320 * Math.cos((lat1 * Math.PI) / 180), (lat1 - lat2) * 111_320);

describe('POINT_SQL parameters', () => {
  it('carry the position converted to every datum a city may be stored in, and a stored position as it is', () => {
    const given = inCityDatums(convertPosition(TIANANMEN_GCJ02, 'GCJ-02', 'BD-09'), 'BD-09');
    const [indexes, datums, lngs, lats, tolerances] = pointParameters([{ positions: given, toleranceM: 10 }]) as [number[], string[], number[], number[], number[]];
    expect(datums).toEqual([...CITY_DATUMS]);
    expect(indexes).toEqual(CITY_DATUMS.map(() => 0));
    expect(metresBetween([lngs[datums.indexOf('GCJ-02')] ?? 0, lats[datums.indexOf('GCJ-02')] ?? 0], TIANANMEN_GCJ02)).toBeLessThan(1);
    expect(tolerances).toEqual(CITY_DATUMS.map(() => 10));
    // A component's position comes from the stored places: the same numbers whatever the datum.
    expect(pointParameters([{ positions: asStored(TIANANMEN_GCJ02), toleranceM: 0 }])).toEqual([
      CITY_DATUMS.map(() => 0),
      [...CITY_DATUMS],
      CITY_DATUMS.map(() => TIANANMEN_GCJ02[0]),
      CITY_DATUMS.map(() => TIANANMEN_GCJ02[1]),
      CITY_DATUMS.map(() => 0),
    ]);
  });

  it('number several lookups in order, each with its own tolerance, one element per lookup and datum', () => {
    const other: [number, number] = [116.4, 39.9];
    const [indexes, datums, lngs, , tolerances] = pointParameters([
      { positions: asStored(TIANANMEN_GCJ02), toleranceM: 10 },
      { positions: asStored(other), toleranceM: 0 },
    ]) as [number[], string[], number[], number[], number[]];
    expect(indexes).toEqual([...CITY_DATUMS.map(() => 0), ...CITY_DATUMS.map(() => 1)]);
    expect(datums).toEqual([...CITY_DATUMS, ...CITY_DATUMS]);
    expect(lngs).toEqual([...CITY_DATUMS.map(() => TIANANMEN_GCJ02[0]), ...CITY_DATUMS.map(() => other[0])]);
    expect(tolerances).toEqual([...CITY_DATUMS.map(() => 10), ...CITY_DATUMS.map(() => 0)]);
  });
});
