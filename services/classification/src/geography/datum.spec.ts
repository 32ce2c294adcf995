import { convertPosition } from './datum';

// 天安门 in GCJ-02 (AMap); the offsets are ~500 m (GCJ-02 from WGS-84) and ~1 km (BD-09 from GCJ-02).
const TIANANMEN_GCJ02: [number, number] = [116.397477, 39.908692];
const metresBetween = ([lng1, lat1]: readonly [number, number], [lng2, lat2]: readonly [number, number]) =>
  Math.hypot((lng1 - lng2) * 111_320 * Math.cos((lat1 * Math.PI) / 180), (lat1 - lat2) * 111_320);

describe('datums: a position converted with gcoord', () => {
  it('moves a Beijing position between WGS-84, GCJ-02 and BD-09 and back to within a metre', () => {
    const wgs84 = convertPosition(TIANANMEN_GCJ02, 'GCJ-02', 'WGS-84');
    const bd09 = convertPosition(TIANANMEN_GCJ02, 'GCJ-02', 'BD-09');
    expect(metresBetween(wgs84, TIANANMEN_GCJ02)).toBeGreaterThan(300);
    expect(metresBetween(bd09, TIANANMEN_GCJ02)).toBeGreaterThan(300);
    expect(metresBetween(convertPosition(bd09, 'BD-09', 'WGS-84'), wgs84)).toBeLessThan(1);
    expect(metresBetween(convertPosition(wgs84, 'WGS-84', 'GCJ-02'), TIANANMEN_GCJ02)).toBeLessThan(1);
    expect(convertPosition(TIANANMEN_GCJ02, 'GCJ-02', 'GCJ-02')).toEqual(TIANANMEN_GCJ02);
  });
});
