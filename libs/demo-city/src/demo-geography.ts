import { DISTRICTS, STREETS, placeNames, type Position } from './districts';
import { generateUnitGrids, type GeneratedGrids, type GridGeneratorOptions } from './unit-grids';

/**
 * The demo city's geography in the shape the classification loader takes (plain GeoJSON geometries and
 * codes): districts with their outlines, streets, generated communities and unit grids, a gazetteer and a
 * handful of components. Everything is in the source's datum, very likely GCJ-02.
 */
export const DEMO_CITY_DATUM = 'GCJ-02' as const;

/** The demo seed covers the two central districts (东城, 西城: ~9,000 cells) to start fast. */
export const DEMO_GRID_DISTRICTS = ['110101', '110102'] as const;

type Geometry = { type: string; coordinates: unknown };

export interface DemoGeography {
  readonly datum: typeof DEMO_CITY_DATUM;
  readonly generator: Omit<GeneratedGrids, 'grids' | 'communities'>;
  readonly districts: ReadonlyArray<{ code: string; name: string; geometry: Geometry }>;
  readonly streets: ReadonlyArray<{ code: string; name: string; districtCode: string }>;
  readonly communities: ReadonlyArray<{ code: string; name: string; streetCode: string; districtCode: string }>;
  readonly grids: ReadonlyArray<{ code: string; communityCode: string; streetCode: string; districtCode: string; geometry: Geometry }>;
  readonly gazetteer: ReadonlyArray<{
    name: string;
    kind: 'district' | 'street' | 'community' | 'landmark' | 'road';
    /** A full name (朝阳区, 望京街道) rather than a short form (朝阳, 望京): full names win. */
    full: boolean;
    geometry: Geometry | null;
    districtCode: string | null;
    streetCode: string | null;
    communityCode: string | null;
  }>;
  readonly components: ReadonlyArray<{ code: string; majorClass: string; minorClass: string; ownerAgencyId: string; name: string; geometry: Geometry }>;
}

// A few well-known places, positions approximate (GCJ-02, as Chinese web maps show them), for the
// gazetteer's landmark and road kinds; the loader fills in their codes from the grids and outlines.
const DEMO_LANDMARKS: ReadonlyArray<{ name: string; kind: 'landmark' | 'road'; at: Position }> = [
  { name: '天安门广场', kind: 'landmark', at: [116.397755, 39.903179] },
  { name: '王府井步行街', kind: 'landmark', at: [116.411046, 39.914153] },
  { name: '北京站', kind: 'landmark', at: [116.427048, 39.902779] },
  { name: '西单商场', kind: 'landmark', at: [116.373544, 39.910652] },
  { name: '什刹海', kind: 'landmark', at: [116.387223, 39.940793] },
  { name: '金融街', kind: 'road', at: [116.359405, 39.915463] },
  { name: '南锣鼓巷', kind: 'road', at: [116.403045, 39.937289] },
];

// Demo component classes (部件): 0101 上水井盖 is DOMAIN.md §5's example; the others follow its major classes
// but are not checked against a city's catalogue (GB/T 30428.2), so treat them as demo codes.
const DEMO_COMPONENT_KINDS = [
  { majorClass: '01', minorClass: '01', name: '上水井盖', ownerAgencyId: 'utility-water' },
  { majorClass: '01', minorClass: '02', name: '污水井盖', ownerAgencyId: 'utility-water' },
  { majorClass: '01', minorClass: '11', name: '路灯', ownerAgencyId: 'city-urban-management' },
  { majorClass: '01', minorClass: '05', name: '燃气井盖', ownerAgencyId: 'utility-gas' },
] as const;

/** The demo geography; options narrow or widen the generated grids (the benchmark asks for 100,000 cells). */
export function demoGeography(options: GridGeneratorOptions = {}): DemoGeography {
  const generated = generateUnitGrids({ districtCodes: DEMO_GRID_DISTRICTS, ...options });
  const { grids, communities, ...generator } = generated;
  const point = (at: Position): Geometry => ({ type: 'Point', coordinates: at });
  const components = demoComponents(generated);
  return {
    datum: DEMO_CITY_DATUM,
    generator,
    districts: DISTRICTS.map((d) => ({ code: d.adcode, name: d.name, geometry: { type: d.geometry.type, coordinates: d.geometry.coordinates } })),
    streets: STREETS.map((s) => ({ code: s.code, name: s.name, districtCode: s.districtCode })),
    communities: communities.map(({ code, name, streetCode, districtCode }) => ({ code, name, streetCode, districtCode })),
    grids: grids.map((g) => ({ code: g.code, communityCode: g.communityCode, streetCode: g.streetCode, districtCode: g.districtCode, geometry: { type: 'Polygon', coordinates: [g.ring] } })),
    gazetteer: [
      ...placeNames().map((p) => ({
        name: p.name,
        kind: p.streetCode ? ('street' as const) : ('district' as const),
        full: p.full,
        geometry: null,
        districtCode: p.districtCode,
        streetCode: p.streetCode,
        communityCode: null,
      })),
      ...communities.map((c) => ({ name: c.name, kind: 'community' as const, full: true, geometry: point(c.center), districtCode: c.districtCode, streetCode: c.streetCode, communityCode: c.code })),
      ...DEMO_LANDMARKS.map((l) => ({ name: l.name, kind: l.kind, full: true, geometry: point(l.at), districtCode: null, streetCode: null, communityCode: null })),
    ],
    components,
  };
}

/** A few components per demo district, at grid centres spread through its cells; codes are `<county><major><minor><serial>`. */
function demoComponents(generated: GeneratedGrids): DemoGeography['components'] {
  const out: Array<DemoGeography['components'][number]> = [];
  for (const districtCode of generated.districtCodes) {
    const cells = generated.grids.filter((g) => g.districtCode === districtCode);
    DEMO_COMPONENT_KINDS.forEach((kind, k) => {
      for (let serial = 1; serial <= 3; serial++) {
        const cell = cells[Math.floor(((k * 3 + serial) * cells.length) / (DEMO_COMPONENT_KINDS.length * 3 + 1))];
        if (!cell) continue;
        const [[w, s], , [e, n]] = cell.ring as [Position, Position, Position];
        out.push({
          code: `${districtCode}${kind.majorClass}${kind.minorClass}${String(serial).padStart(6, '0')}`,
          majorClass: kind.majorClass,
          minorClass: kind.minorClass,
          ownerAgencyId: kind.ownerAgencyId,
          name: `${kind.name} ${serial}号`,
          geometry: { type: 'Point', coordinates: [Number(((w + e) / 2).toFixed(6)), Number(((s + n) / 2).toFixed(6))] },
        });
      }
    });
  }
  return out;
}
