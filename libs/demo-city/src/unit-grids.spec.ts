import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { getDistrict, getStreet, type Position } from './districts';
import { generateUnitGrids, type GeneratedGrid } from './unit-grids';

describe('generateUnitGrids (demo unit grids and communities)', () => {
  const made = generateUnitGrids({ districtCodes: ['110101'] });

  it('gives every grid a unique 15-digit code = 6 county + 3 street + 3 community + 3 sequence', () => {
    expect(made.grids.length).toBeGreaterThan(3000); // 东城 ~42 km² at ~10,000 m² a cell
    for (const g of made.grids) {
      expect(g.code).toMatch(/^\d{15}$/);
      expect(g.code.slice(0, 6)).toBe(g.districtCode);
      expect(g.code.slice(0, 9)).toBe(g.streetCode);
      expect(g.code.slice(0, 12)).toBe(g.communityCode);
      expect(getStreet(g.streetCode)?.districtCode).toBe(g.districtCode);
    }
    expect(new Set(made.grids.map((g) => g.code)).size).toBe(made.grids.length);
    for (const c of made.communities) expect(c.code).toMatch(new RegExp(`^${c.streetCode}\\d{3}$`));
  });

  it('numbers the grids of a community west→east within a row, rows north→south, from 001', () => {
    const byCommunity = new Map<string, GeneratedGrid[]>();
    for (const g of made.grids) byCommunity.set(g.communityCode, [...(byCommunity.get(g.communityCode) ?? []), g]);
    for (const cells of byCommunity.values()) {
      const bySequence = [...cells].sort((a, b) => a.code.localeCompare(b.code));
      expect(bySequence[0]?.code.slice(12)).toBe('001');
      for (let i = 1; i < bySequence.length; i++) {
        const [before, after] = [bySequence[i - 1] as GeneratedGrid, bySequence[i] as GeneratedGrid];
        expect(after.row > before.row || (after.row === before.row && after.col > before.col)).toBe(true);
        // North→south: a later row lies further south; west→east: a later column further east.
        if (after.row > before.row) expect(after.ring[0]?.[1]).toBeLessThan(before.ring[0]?.[1] as number);
        else expect(after.ring[0]?.[0]).toBeGreaterThan(before.ring[0]?.[0] as number);
      }
    }
  });

  it('keeps cells whose centre lies in the district, ~100 m × 100 m', () => {
    const dongcheng = getDistrict('110101');
    for (const g of made.grids.slice(0, 200)) {
      const [[w, s], , [e, n]] = g.ring as [Position, Position, Position];
      expect(booleanPointInPolygon([(w + e) / 2, (s + n) / 2], dongcheng?.geometry ?? { type: 'Polygon', coordinates: [] })).toBe(true);
      const widthM = (e - w) * 111_320 * Math.cos((s * Math.PI) / 180);
      expect(widthM).toBeGreaterThan(99);
      expect(widthM).toBeLessThan(101);
      expect((n - s) * 111_320).toBeCloseTo(100, 0);
    }
  });

  it('is deterministic for a seed, and a different seed draws different streets', () => {
    const again = generateUnitGrids({ districtCodes: ['110101'] });
    // Compared as text: a failing toEqual over ~4,000 grids takes minutes to diff.
    expect(JSON.stringify(again.grids) === JSON.stringify(made.grids)).toBe(true);
    expect(again.communities).toEqual(made.communities);
    const other = generateUnitGrids({ districtCodes: ['110101'], seed: 7 });
    expect(other.grids.map((g) => g.code)).not.toEqual(made.grids.map((g) => g.code));
    expect(made).toMatchObject({ datum: 'GCJ-02', seed: 12345, cellSizeM: 100, method: expect.stringContaining('nearest seeded point') });
  });

  it('stops at maxCells', () => {
    expect(generateUnitGrids({ districtCodes: ['110101', '110102'], maxCells: 500 }).grids).toHaveLength(500);
  });
});
