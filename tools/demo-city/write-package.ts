// Writes the demo city as a city package (deploy/cities/beijing-demo), the same kind of folder a
// customer city is imported from: `npm run city:import -- --dir deploy/cities/beijing-demo`.
// Run from the repo root: node -r @swc-node/register tools/demo-city/write-package.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { AGENCIES, CATEGORIES, CATEGORY_GROUPS, DISTRICTS, KNOWLEDGE_ENTRIES, OPEN311_ATTRIBUTES, ROUTING_CATALOGUE, SLA_PROFILES, URGENCIES, demoGeography } from '@hotline/demo-city';

const OUT = resolve(__dirname, '../../deploy/cities/beijing-demo');

const csv = (header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string =>
  stringify([header, ...rows.map((row) => row.map((value) => (value === null ? '' : String(value))))]);

function write(file: string, content: string): void {
  const path = join(OUT, file);
  mkdirSync(resolve(path, '..'), { recursive: true });
  writeFileSync(path, content);
  console.log(`wrote ${path}`);
}

const GROUP_NAMES: Readonly<Record<(typeof CATEGORY_GROUPS)[number], string>> = {
  utilities: '公用事业',
  safety: '公共安全',
  urban_management: '城市管理',
  transport: '交通运输',
  housing: '住房和物业',
  livelihood: '民生保障',
  market: '市场监管',
  environment: '生态环境',
  other: '其他',
};

write(
  'city.json',
  `${JSON.stringify(
    {
      cityId: 'beijing-demo',
      name: '北京市（演示城市）',
      edition: ROUTING_CATALOGUE.edition,
      language: 'zh',
      datum: 'GCJ-02',
      timeZone: 'Asia/Shanghai',
      source:
        'District outlines (simplified) and street names and codes: ../shared/data/geo-beijing (districts.geojson, streets.csv), via libs/demo-city; communities, unit grids and components generated (boundaries/generated.json says how); units, categories, catalogue and time limits written for the demo.',
      componentCodeWidths: { county: 6, major: 2, minor: 2, serial: 6 },
    },
    null,
    2,
  )}\n`,
);

// A category whose code is its group's is that group's own node (housing, other).
const groupRows = CATEGORY_GROUPS.filter((group) => !CATEGORIES.some((c) => c.code === group)).map((group) => [group, null, GROUP_NAMES[group], group, 'normal', null]);
const categoryRows = CATEGORIES.map((c) => [c.code, c.code === c.group ? null : c.group, c.name, c.nameEn, c.urgency, c.keywords.join('|')]);
write('taxonomy.csv', csv(['code', 'parent_code', 'name', 'name_en', 'urgency', 'keywords'], [...groupRows, ...categoryRows]));
write(
  'open311-attributes.json',
  `${JSON.stringify(
    OPEN311_ATTRIBUTES.map((a) => ({ ...a, datatypeDescription: a.datatypeDescription ?? null, values: a.values ?? [] })),
    null,
    2,
  )}\n`,
);

write(
  'units.csv',
  csv(
    ['unit_id', 'name', 'kind', 'district_code', 'street_code', 'parent_unit_id'],
    AGENCIES.map((a) => [a.agencyId, a.name, a.kind, a.districtCode, a.streetCode, a.parentAgencyId]),
  ),
);

write('catalogue.csv', csv(['rule_id', 'category', 'district_code', 'unit_id'], ROUTING_CATALOGUE.rules.map((r) => [r.ruleId, r.category, r.districtCode, r.agencyId])));

write(
  'sla-profiles.csv',
  csv(
    ['profile_id', 'name', 'clock', 'amount', 'unit'],
    SLA_PROFILES.flatMap((p) => [
      ...URGENCIES.map((urgency) => [p.profileId, p.name, urgency, p.byUrgency[urgency].amount, p.byUrgency[urgency].unit]),
      [p.profileId, p.name, 'complex', p.complex.amount, p.complex.unit],
    ]),
  ),
);

write(
  'knowledge.csv',
  csv(['entry_id', 'question', 'answer', 'keywords', 'category', 'unit_id'], KNOWLEDGE_ENTRIES.map((e) => [e.entryId, e.question, e.answer, e.keywords.join('|'), e.category, e.agencyId])),
);

write(
  'boundaries/districts.geojson',
  `${JSON.stringify({
    type: 'FeatureCollection',
    features: DISTRICTS.map((d) => ({
      type: 'Feature',
      properties: { code: d.adcode, name: d.name },
      geometry: { type: d.geometry.type, coordinates: d.geometry.coordinates },
    })),
  })}\n`,
);

// Places: streets by name and code (the source has no street outlines), generated communities and unit
// grids inside the demo districts, the gazetteer and a few components (libs/demo-city/src/unit-grids.ts).
const geography = demoGeography();
const position = (geometry: { coordinates: unknown }): [number, number] => geometry.coordinates as [number, number];
write('boundaries/streets.csv', csv(['code', 'name'], geography.streets.map((street) => [street.code, street.name])));
write('boundaries/communities.csv', csv(['code', 'name'], geography.communities.map((community) => [community.code, community.name])));
write(
  'boundaries/grids.geojson',
  `${JSON.stringify({
    type: 'FeatureCollection',
    features: geography.grids.map((grid) => ({ type: 'Feature', properties: { code: grid.code }, geometry: grid.geometry })),
  })}\n`,
);
write(
  'boundaries/generated.json',
  `${JSON.stringify({ ...geography.generator, generatedBy: 'tools/demo-city/write-package.ts', counts: { communities: geography.communities.length, grids: geography.grids.length }, note: 'Invented for the demo: communities, unit grids and components are not official; only the district outlines and the street names and codes come from the source.' }, null, 2)}\n`,
);
write(
  'gazetteer.csv',
  csv(
    ['name', 'kind', 'full_name', 'lon', 'lat', 'district_code', 'street_code', 'community_code'],
    geography.gazetteer.map((entry) => {
      const at = entry.geometry ? position(entry.geometry) : null;
      return [entry.name, entry.kind, String(entry.full), at?.[0] ?? null, at?.[1] ?? null, entry.districtCode, entry.streetCode, entry.communityCode];
    }),
  ),
);
write(
  'components.csv',
  csv(['code', 'name', 'owner_unit_id', 'lon', 'lat'], geography.components.map((component) => {
    const [lon, lat] = position(component.geometry);
    return [component.code, component.name, component.ownerAgencyId, lon, lat];
  })),
);
