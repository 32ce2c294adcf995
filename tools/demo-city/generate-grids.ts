// Writes the demo city's generated communities and unit grids as files, for a look in a GIS or for an
// importer (`city:import`): grids.geojson (a Polygon per 15-digit grid, parents in properties),
// communities.geojson (seed point per 12-digit community) and metadata.json (how and from what they
// were made: method, source, datum, seed, cell size, counts). The demo seed (prepare) does not read these
// files: it calls the same deterministic generator (libs/demo-city/src/unit-grids.ts) itself.
//
//   node -r @swc-node/register tools/demo-city/generate-grids.ts [outDir] [districtCode,…] [seed]
//   (defaults: .run/demo-city-grids, the demo districts 110101,110102, seed 12345)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_GRID_DISTRICTS, generateUnitGrids } from '../../libs/demo-city/src';

const [outArg, districtsArg, seedArg] = process.argv.slice(2);
const out = resolve(outArg ?? '.run/demo-city-grids');
const districtCodes = districtsArg ? districtsArg.split(',') : [...DEMO_GRID_DISTRICTS];
const made = generateUnitGrids({ districtCodes, seed: seedArg ? Number(seedArg) : undefined });

mkdirSync(out, { recursive: true });
const { grids, communities, ...how } = made;
writeFileSync(
  join(out, 'grids.geojson'),
  JSON.stringify({
    type: 'FeatureCollection',
    features: grids.map((g) => ({
      type: 'Feature',
      properties: { code: g.code, communityCode: g.communityCode, streetCode: g.streetCode, districtCode: g.districtCode, row: g.row, col: g.col },
      geometry: { type: 'Polygon', coordinates: [g.ring] },
    })),
  }),
);
writeFileSync(
  join(out, 'communities.geojson'),
  JSON.stringify({
    type: 'FeatureCollection',
    features: communities.map((c) => ({ type: 'Feature', properties: { code: c.code, name: c.name, streetCode: c.streetCode, districtCode: c.districtCode }, geometry: { type: 'Point', coordinates: c.center } })),
  }),
);
writeFileSync(
  join(out, 'metadata.json'),
  `${JSON.stringify({ ...how, generatedBy: 'tools/demo-city/generate-grids.ts', counts: { grids: grids.length, communities: communities.length }, note: 'Invented for the demo: streets, communities and grids are not official boundaries; only the district outlines and street codes/names come from the source.' }, null, 2)}\n`,
);
console.log(`${grids.length} unit grids in ${communities.length} communities (${districtCodes.join(', ')}) → ${out}`);
