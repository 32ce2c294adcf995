import { positionOf } from './open-cases.repository';

describe('positionOf', () => {
  it('converts a position to WGS-84 from the datum it was given in', () => {
    const position = positionOf({ lng: 116.404, lat: 39.915, datum: 'GCJ-02' })!;
    expect(position.lon).toBeCloseTo(116.3978, 3);
    expect(position.lat).toBeCloseTo(39.9136, 3);
    expect(positionOf({ lng: 116.404, lat: 39.915 })).toEqual({ lon: 116.404, lat: 39.915 });
    expect(positionOf(null)).toBeNull();
  });

  it.each([
    [-180, -90],
    [-180, 0],
    [0, -90],
    [179.999, -89.999],
    [180, 90],
  ])('keeps a BD-09 position at lng %p, lat %p inside the ranges of longitude and latitude', (lng, lat) => {
    // The fuzz test's case at such a place was dead-lettered by classification: its open_cases row broke the
    // table's check of the ranges.
    const position = positionOf({ lng, lat, datum: 'BD-09' })!;
    expect(position.lon).toBeGreaterThanOrEqual(-180);
    expect(position.lon).toBeLessThanOrEqual(180);
    expect(position.lat).toBeGreaterThanOrEqual(-90);
    expect(position.lat).toBeLessThanOrEqual(90);
  });

  it('moves a longitude pushed past the antimeridian to the same meridian on the other side', () => {
    expect(positionOf({ lng: -180, lat: 0, datum: 'BD-09' })!.lon).toBeCloseTo(179.9935, 3);
  });
});
