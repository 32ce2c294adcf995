// Generates libs/demo-city/src/data/{districts,streets}.json from the shared Beijing data.
// Run from the repo root: node -r @swc-node/register tools/demo-city/generate.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

type Position = [number, number];
type Ring = Position[];

interface SourceFeature {
  properties: { adcode: number; name: string; center: Position };
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

const ROOT = resolve(__dirname, '../..');
const SOURCE = resolve(ROOT, '../shared/data/geo-beijing');
const OUT = join(ROOT, 'libs/demo-city/src/data');
// ~100 m at Beijing's latitude: small against the datum offset (~500 m); the source is already coarse.
const TOLERANCE_DEG = 0.001;
const DECIMALS = 5;

const round = (v: number): number => Number(v.toFixed(DECIMALS));

function perpendicularDistance(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function douglasPeucker(points: Position[], tolerance: number): Position[] {
  const keep = new Array<boolean>(points.length).fill(false);
  keep[0] = keep[points.length - 1] = true;
  const stack: Array<[number, number]> = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop() as [number, number];
    let maxDist = 0;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = perpendicularDistance(points[i], points[first], points[last]);
      if (d > maxDist) [maxDist, index] = [d, i];
    }
    if (index !== -1 && maxDist > tolerance) {
      keep[index] = true;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const orient = (p: Position, q: Position, r: Position): number =>
    Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  return orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0;
}

function selfIntersects(ring: Ring): boolean {
  const n = ring.length - 1;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // adjacent through the closing point
      if (segmentsCross(ring[i], ring[i + 1], ring[j], ring[j + 1])) return true;
    }
  }
  return false;
}

function dedupe(ring: Ring): Ring {
  return ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1][0] || p[1] !== ring[i - 1][1]);
}

// Simplifies one closed ring; halves the tolerance until the result is a valid, simple ring.
function simplifyRing(ring: Ring): Ring {
  const open = ring.slice(0, -1);
  // Split at the point farthest from the start so both halves keep their ends.
  const fromStart = (p: Position): number => Math.hypot(p[0] - open[0][0], p[1] - open[0][1]);
  let far = 0;
  for (let i = 1; i < open.length; i++) if (fromStart(open[i]) > fromStart(open[far])) far = i;
  for (let tol = TOLERANCE_DEG; tol > 1e-7; tol /= 2) {
    const first = douglasPeucker(open.slice(0, far + 1), tol);
    const second = douglasPeucker([...open.slice(far), open[0]], tol);
    const out = dedupe([...first, ...second.slice(1)].map(([x, y]): Position => [round(x), round(y)]));
    if (out.length >= 4 && !selfIntersects(out)) return out;
  }
  return dedupe(ring.map(([x, y]): Position => [round(x), round(y)]));
}

function bboxOf(polygons: Ring[][]): [number, number, number, number] {
  const xs = polygons.flatMap((p) => p[0].map((pt) => pt[0]));
  const ys = polygons.flatMap((p) => p[0].map((pt) => pt[1]));
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  const re = /("([^"]|"")*"|[^,]*)(,|$)/g;
  for (let m = re.exec(line); m !== null && m[0] !== ''; m = re.exec(line)) {
    cells.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
  }
  return cells;
}

// Digit 7 of the code: 0 街道/地区办事处, 1 镇, 2 乡, 4 development zones (not counted among the 343 streets).
const STREET_KINDS: Record<string, string> = { '0': 'subdistrict', '1': 'town', '2': 'township', '4': 'development_zone' };
function streetKind(code: string): string {
  const kind = STREET_KINDS[code[6]];
  if (!kind) throw new Error(`unknown street kind in code ${code}`);
  return kind;
}

function main(): void {
  if (!existsSync(SOURCE)) throw new Error(`source data not found at ${SOURCE}`);
  const geo = JSON.parse(readFileSync(join(SOURCE, 'districts.geojson'), 'utf8')) as { features: SourceFeature[] };
  let points = 0;
  const districts = geo.features.map(({ properties, geometry }) => {
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    const simplified = polygons.map((polygon) => polygon.map(simplifyRing));
    const coordinates = simplified.length === 1 ? simplified[0] : simplified;
    points += simplified.flat(2).length;
    return {
      adcode: String(properties.adcode),
      name: properties.name,
      center: properties.center.map(round),
      // turf's point-in-polygon skips the ring test when the point is outside `bbox`.
      geometry: { type: simplified.length === 1 ? 'Polygon' : 'MultiPolygon', bbox: bboxOf(simplified), coordinates },
    };
  });
  districts.sort((a, b) => a.adcode.localeCompare(b.adcode));

  const lines = readFileSync(join(SOURCE, 'streets.csv'), 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = parseCsvLine(lines[0]);
  const col = (name: string): number => header.indexOf(name);
  const streets = lines
    .slice(1)
    .map(parseCsvLine)
    .map((cells) => ({
      code: cells[col('code')],
      name: cells[col('name')],
      districtCode: cells[col('areaCode')],
      kind: streetKind(cells[col('code')]),
    }))
    .sort((a, b) => a.code.localeCompare(b.code));

  const known = new Set(districts.map((d) => d.adcode));
  const orphan = streets.find((s) => !known.has(s.districtCode));
  if (districts.length !== 16 || orphan) {
    throw new Error(`unexpected source data (${districts.length} districts, orphan street ${orphan?.code})`);
  }

  // One record per line: small files that still diff well.
  const source = 'shared/data/geo-beijing (see libs/demo-city/README.md)';
  const write = (file: string, meta: object, key: string, rows: object[]): number => {
    const lines = rows.map((r) => JSON.stringify(r)).join(',\n');
    const body = `{${JSON.stringify(meta).slice(1, -1)},"${key}":[\n${lines}\n]}\n`;
    writeFileSync(join(OUT, file), body);
    return Buffer.byteLength(body);
  };
  const meta = { source, datum: 'GCJ-02 (likely)', toleranceDeg: TOLERANCE_DEG };
  const dSize = write('districts.json', meta, 'districts', districts);
  const sSize = write('streets.json', { source }, 'streets', streets);
  console.log(`districts.json: 16 districts, ${points} positions, ${dSize} B; streets.json: ${streets.length} rows, ${sSize} B`);
}

main();
