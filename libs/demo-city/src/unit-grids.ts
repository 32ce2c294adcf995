import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { DISTRICTS, streetsOfDistrict, type BBox, type District, type Position, type Street } from './districts';

/**
 * Demo unit grids (单元网格) and communities (社区) for the demo city. The sources have district outlines
 * and a street list but no street, community or grid geometry, so they are made up here, deterministically:
 *
 * 1. One city-wide lattice of `cellSizeM` × `cellSizeM` squares (default 100 m, ~10,000 m² as DOMAIN.md §5),
 *    anchored at the north-west corner of all district outlines; a cell belongs to the district whose
 *    outline holds its centre (cells are never clipped, so neighbouring districts' cells never overlap).
 * 2. Streets: each of the district's streets and townships (not development zones) gets a seed point drawn
 *    inside the outline by a seeded PRNG; a cell belongs to the nearest seed's street (a Voronoi partition
 *    of the district measured on the cells' centres).
 * 3. Communities: inside each street, one seed per `cellsPerCommunity` cells, drawn among the street's cells;
 *    a cell belongs to the nearest one. A community that would exceed 999 cells gets its street one more seed.
 * 4. Codes: a community is `<9-digit street><3-digit sequence>`, numbered by its seed west→east, north→south;
 *    a grid is `<12-digit community><3-digit sequence>`, numbered by its cell north→south (rows), west→east
 *    within a row, as DOMAIN.md §5 asks. Names are `<street short name>第N社区`: invented, not real ones.
 *
 * The same inputs and seed always give the same output. The outlines are the source's (very likely GCJ-02),
 * so the grids are in that datum too.
 */
export interface GridGeneratorOptions {
  /** District codes to cover, e.g. ['110101']; all 16 when omitted. */
  readonly districtCodes?: readonly string[];
  readonly cellSizeM?: number;
  readonly cellsPerCommunity?: number;
  readonly seed?: number;
  /** Stop after this many cells (districts in the order given); the benchmark asks for 100,000. */
  readonly maxCells?: number;
}

export interface GeneratedCommunity {
  /** 12 digits: 9-digit street + 3-digit sequence. */
  readonly code: string;
  readonly name: string;
  readonly streetCode: string;
  readonly districtCode: string;
  /** The seed cell's centre, [lng, lat]. */
  readonly center: Position;
}

export interface GeneratedGrid {
  /** 15 digits: 6 county + 3 street + 3 community + 3 grid sequence. */
  readonly code: string;
  readonly communityCode: string;
  readonly streetCode: string;
  readonly districtCode: string;
  /** Lattice row (0 = northernmost) and column (0 = westernmost), city-wide. */
  readonly row: number;
  readonly col: number;
  /** Closed ring, [lng, lat], counter-clockwise. */
  readonly ring: readonly Position[];
}

export interface GeneratedGrids {
  readonly method: string;
  readonly source: string;
  readonly datum: 'GCJ-02';
  readonly seed: number;
  readonly cellSizeM: number;
  readonly origin: Position;
  readonly districtCodes: readonly string[];
  readonly communities: readonly GeneratedCommunity[];
  readonly grids: readonly GeneratedGrid[];
}

export const GRID_GENERATOR_METHOD =
  'city-wide lattice of square cells kept by centre-in-district; streets = nearest seeded point per street inside the district; ' +
  'communities = nearest seeded cell per ~N cells inside the street; codes numbered west→east, north→south (libs/demo-city/src/unit-grids.ts)';

const METRES_PER_DEGREE_LAT = 111_320;
const MAX_SEQUENCE = 999;
const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/** mulberry32: a small seeded PRNG, enough for reproducible demo seeds. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cityBBox = (): BBox =>
  DISTRICTS.reduce<BBox>(
    (b, d) => [Math.min(b[0], d.geometry.bbox[0]), Math.min(b[1], d.geometry.bbox[1]), Math.max(b[2], d.geometry.bbox[2]), Math.max(b[3], d.geometry.bbox[3])],
    [Infinity, Infinity, -Infinity, -Infinity],
  );

interface Cell {
  readonly row: number;
  readonly col: number;
  readonly center: Position;
  /** Local planar metres, for nearest-seed distances. */
  readonly x: number;
  readonly y: number;
}

export function generateUnitGrids(options: GridGeneratorOptions = {}): GeneratedGrids {
  const cellSizeM = options.cellSizeM ?? 100;
  const cellsPerCommunity = options.cellsPerCommunity ?? 300;
  const seed = options.seed ?? 12345;
  const maxCells = options.maxCells ?? Infinity;
  const districtCodes = options.districtCodes ?? DISTRICTS.map((d) => d.adcode);
  const [west, south, , north] = cityBBox();
  const midLat = (south + north) / 2;
  const metresPerDegreeLng = METRES_PER_DEGREE_LAT * Math.cos((midLat * Math.PI) / 180);
  const dLat = cellSizeM / METRES_PER_DEGREE_LAT;
  const dLng = cellSizeM / metresPerDegreeLng;
  const origin: Position = [west, north];
  const toXY = ([lng, lat]: Position) => ({ x: (lng - west) * metresPerDegreeLng, y: (north - lat) * METRES_PER_DEGREE_LAT });

  const communities: GeneratedCommunity[] = [];
  const grids: GeneratedGrid[] = [];
  for (const districtCode of districtCodes) {
    if (grids.length >= maxCells) break;
    const district = DISTRICTS.find((d) => d.adcode === districtCode);
    if (!district) throw new Error(`unknown district ${districtCode}`);
    const random = seededRandom(seed ^ Number(districtCode));
    const cells = cellsOf(district, { west, north, dLat, dLng, toXY });
    const streets = streetsOfDistrict(districtCode).filter((s) => s.kind !== 'development_zone');
    const streetSeeds = streets.map((street) => ({ street, at: toXY(randomPointIn(district, random)) }));
    const byStreet = new Map<Street, Cell[]>(streets.map((s) => [s, []]));
    for (const cell of cells) byStreet.get(nearest(cell, streetSeeds).street)?.push(cell);
    for (const street of streets) {
      const streetCells = byStreet.get(street) ?? [];
      if (streetCells.length === 0) continue;
      const parts = partitionStreet(streetCells, Math.max(1, Math.ceil(streetCells.length / cellsPerCommunity)), random);
      const shortName = street.name.replace(/(街道|地区|满族乡|回族乡|镇|乡)$/, '');
      parts.forEach((part, index) => {
        const communityCode = `${street.code}${String(index + 1).padStart(3, '0')}`;
        communities.push({ code: communityCode, name: `${shortName}第${index + 1}社区`, streetCode: street.code, districtCode, center: [round6(part.seed.center[0]), round6(part.seed.center[1])] });
        part.cells.forEach((cell, n) => {
          grids.push({
            code: `${communityCode}${String(n + 1).padStart(3, '0')}`,
            communityCode,
            streetCode: street.code,
            districtCode,
            row: cell.row,
            col: cell.col,
            ring: squareRing(origin, cell, dLat, dLng),
          });
        });
      });
    }
  }
  return {
    method: GRID_GENERATOR_METHOD.replace('~N', `~${cellsPerCommunity}`),
    source: '../shared/data/geo-beijing (districts.geojson outlines via libs/demo-city/src/data/districts.json; streets.csv)',
    datum: 'GCJ-02',
    seed,
    cellSizeM,
    origin,
    districtCodes: [...new Set(grids.map((g) => g.districtCode))],
    communities,
    grids: Number.isFinite(maxCells) ? grids.slice(0, maxCells) : grids,
  };
}

function cellsOf(
  district: District,
  lattice: { west: number; north: number; dLat: number; dLng: number; toXY: (p: Position) => { x: number; y: number } },
): Cell[] {
  const [bWest, bSouth, bEast, bNorth] = district.geometry.bbox;
  const firstRow = Math.floor((lattice.north - bNorth) / lattice.dLat);
  const lastRow = Math.ceil((lattice.north - bSouth) / lattice.dLat);
  const firstCol = Math.floor((bWest - lattice.west) / lattice.dLng);
  const lastCol = Math.ceil((bEast - lattice.west) / lattice.dLng);
  const cells: Cell[] = [];
  for (let row = firstRow; row <= lastRow; row++) {
    for (let col = firstCol; col <= lastCol; col++) {
      const center: Position = [lattice.west + (col + 0.5) * lattice.dLng, lattice.north - (row + 0.5) * lattice.dLat];
      if (!booleanPointInPolygon(center, district.geometry)) continue;
      cells.push({ row, col, center, ...lattice.toXY(center) });
    }
  }
  return cells;
}

function randomPointIn(district: District, random: () => number): Position {
  const [w, s, e, n] = district.geometry.bbox;
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const p: Position = [w + random() * (e - w), s + random() * (n - s)];
    if (booleanPointInPolygon(p, district.geometry)) return p;
  }
  throw new Error(`no point found inside ${district.name}`);
}

function nearest<T extends { at: { x: number; y: number } }>(cell: { x: number; y: number }, seeds: readonly T[]): T {
  let best = seeds[0];
  let bestD = Infinity;
  for (const s of seeds) {
    const d = (s.at.x - cell.x) ** 2 + (s.at.y - cell.y) ** 2;
    if (d < bestD) [best, bestD] = [s, d];
  }
  return best;
}

const northWestFirst = (a: Cell, b: Cell): number => a.row - b.row || a.col - b.col;

/** Splits a street's cells among `count` seeded cells; more seeds until no community exceeds 999 cells. */
function partitionStreet(cells: readonly Cell[], count: number, random: () => number): Array<{ seed: Cell; cells: Cell[] }> {
  for (let n = Math.min(count, cells.length); ; n++) {
    const picked = new Set<number>();
    while (picked.size < n) picked.add(Math.floor(random() * cells.length));
    const seeds = [...picked].map((i) => cells[i]).sort(northWestFirst).map((seed) => ({ seed, at: seed, cells: [] as Cell[] }));
    for (const cell of cells) nearest(cell, seeds).cells.push(cell);
    if (seeds.every((s) => s.cells.length <= MAX_SEQUENCE)) {
      if (seeds.length > MAX_SEQUENCE) throw new Error('a street would need more than 999 communities: use larger cellsPerCommunity');
      return seeds.filter((s) => s.cells.length > 0).map((s) => ({ seed: s.seed, cells: s.cells.sort(northWestFirst) }));
    }
  }
}

function squareRing(origin: Position, cell: Cell, dLat: number, dLng: number): Position[] {
  const w = round6(origin[0] + cell.col * dLng);
  const e = round6(origin[0] + (cell.col + 1) * dLng);
  const n = round6(origin[1] - cell.row * dLat);
  const s = round6(origin[1] - (cell.row + 1) * dLat);
  return [[w, s], [e, s], [e, n], [w, n], [w, s]];
}
