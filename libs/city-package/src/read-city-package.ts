import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  BOUNDARY_LEVELS,
  OPEN311_DATATYPES,
  DATUMS,
  GAZETTEER_KINDS,
  SLA_CLOCK_UNITS,
  UNIT_KINDS,
  URGENCIES,
  type Boundary,
  type BoundaryLevel,
  type CatalogueRule,
  type Category,
  type CityManifest,
  type CityPackage,
  type Component,
  type GazetteerEntry,
  type KnowledgeEntry,
  type Open311Attribute,
  type SlaClock,
  type SlaProfile,
  type Unit,
} from './city-package';
import { ProblemList, type ImportProblem } from './import-problem';
import { headerOf, parseCsvRows, type CsvRow } from './read-csv';
import { resolveCategory } from './resolve-category';

export type ReadCityPackageResult = { ok: true; city: CityPackage } | { ok: false; problems: ImportProblem[] };

/** Code lengths by level (DOMAIN.md §5: 6 county + 3 street + 3 community + 3 grid sequence). */
export const CODE_LENGTHS: Readonly<Record<BoundaryLevel, number>> = { district: 6, street: 9, community: 12, grid: 15 };
const BOUNDARY_FILES: Readonly<Record<BoundaryLevel, string>> = {
  district: 'boundaries/districts.geojson',
  street: 'boundaries/streets.geojson',
  community: 'boundaries/communities.geojson',
  grid: 'boundaries/grids.geojson',
};

const blankToNull = (value: string | undefined): string | null => (value === undefined || value.trim() === '' ? null : value.trim());
const listOf = (value: string | undefined): string[] => (value ?? '').split('|').map((word) => word.trim()).filter((word) => word !== '');
const digits = (length: number) => z.string().regex(new RegExp(`^\\d{${length}}$`), `must be ${length} digits`);
const optionalDigits = (length: number) => z.string().transform(blankToNull).pipe(digits(length).nullable());
const longitude = z.coerce.number({ error: 'must be a number' }).min(-180, 'must be a longitude (−180…180)').max(180, 'must be a longitude (−180…180)');
const latitude = z.coerce.number({ error: 'must be a number' }).min(-90, 'must be a latitude (−90…90)').max(90, 'must be a latitude (−90…90)');
const required = z.string().trim().min(1, 'is required');
const unitIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'must be lowercase letters, digits, "-", "_" or "." (at most 64)');

const manifestSchema = z.object({
  cityId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and "-"'),
  name: required,
  edition: required,
  language: required,
  datum: z.enum(DATUMS),
  timeZone: required.refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Asia/Shanghai'),
  source: required,
  componentCodeWidths: z
    .object({ county: z.number().int().positive(), major: z.number().int().positive(), minor: z.number().int().positive(), serial: z.number().int().positive() })
    .default({ county: 6, major: 2, minor: 2, serial: 6 }),
});

function addZodProblems(problems: ProblemList, where: { file: string; line?: number; prefix?: string }, error: z.ZodError): void {
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    const field = [where.prefix, path].filter(Boolean).join('.');
    problems.add({ file: where.file, ...(where.line === undefined ? {} : { line: where.line }), ...(field ? { field } : {}), message: issue.message });
  }
}

/** Parses each CSV record with `schema`; a record that fails becomes problems, the rest are returned. */
function parseRecords<T>(file: string, rows: readonly CsvRow[], schema: z.ZodType<T>, problems: ProblemList): Array<{ line: number; value: T }> {
  const values: Array<{ line: number; value: T }> = [];
  for (const row of rows) {
    const parsed = schema.safeParse(row.record);
    if (parsed.success) values.push({ line: row.line, value: parsed.data });
    else addZodProblems(problems, { file, line: row.line }, parsed.error);
  }
  return values;
}

class PackageReader {
  readonly problems = new ProblemList();

  constructor(readonly dir: string) {}

  text(file: string, options: { required: boolean }): string | null {
    const path = join(this.dir, file);
    if (!existsSync(path)) {
      if (options.required) this.problems.add({ file, message: `the file is missing from ${this.dir}` });
      return null;
    }
    return readFileSync(path, 'utf8');
  }

  csv(file: string, columns: readonly string[], options: { required: boolean }): CsvRow[] | null {
    const text = this.text(file, options);
    return text === null ? null : parseCsvRows(file, text, this.problems, columns);
  }

  json(file: string, options: { required: boolean }): unknown {
    const text = this.text(file, options);
    if (text === null) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      this.problems.add({ file, message: `not valid JSON: ${(err as Error).message}` });
      return undefined;
    }
  }
}

function readManifest(reader: PackageReader): CityManifest | null {
  const raw = reader.json('city.json', { required: true });
  if (raw === undefined) return null;
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    addZodProblems(reader.problems, { file: 'city.json' }, parsed.error);
    return null;
  }
  return { ...parsed.data, codeWidths: { district: CODE_LENGTHS.district, street: CODE_LENGTHS.street, community: CODE_LENGTHS.community, grid: CODE_LENGTHS.grid } };
}

const codedCategorySchema = z.object({
  code: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be letters, digits, "_", "-" or "." (at most 64)'),
  parent_code: z.string().optional().transform(blankToNull),
  name: required,
  name_en: z.string().optional().transform(blankToNull),
  urgency: z.string().optional().transform((value) => blankToNull(value) ?? 'normal').pipe(z.enum(URGENCIES)),
  keywords: z.string().optional().transform(listOf),
});

/**
 * The taxonomy in one of two shapes: coded (`code,parent_code,name,urgency,keywords`), or levels like
 * ../shared/data/complaints-zh/taxonomy.csv (one column per level, a path per row), where each node's
 * code is its position among its siblings in order of first appearance: 01, 01.02, 01.02.03.
 */
function readTaxonomy(reader: PackageReader): Category[] {
  const file = 'taxonomy.csv';
  const text = reader.text(file, { required: true });
  if (text === null) return [];
  const header = headerOf(text);
  if (header.includes('code')) {
    const rows = parseCsvRows(file, text, reader.problems, ['code', 'name']) ?? [];
    const records = parseRecords(file, rows, codedCategorySchema, reader.problems);
    const categories = records.map(({ value }): Category => ({ code: value.code, parentCode: value.parent_code, name: value.name, nameEn: value.name_en ?? value.name, urgency: value.urgency, keywords: value.keywords }));
    const lineOf = new Map(records.map(({ line, value }) => [value.code, line]));
    const seen = new Set<string>();
    for (const category of categories) {
      if (seen.has(category.code)) reader.problems.add({ file, line: lineOf.get(category.code) ?? 0, field: 'code', message: `the code "${category.code}" appears twice` });
      seen.add(category.code);
    }
    for (const category of categories) {
      if (category.parentCode !== null && !seen.has(category.parentCode)) {
        reader.problems.add({ file, line: lineOf.get(category.code) ?? 0, field: 'parent_code', message: `no category has the code "${category.parentCode}"` });
      }
    }
    return categories;
  }
  const rows = parseCsvRows(file, text, reader.problems, []) ?? [];
  if (header.length === 0) reader.problems.add({ file, line: 1, message: 'the header is empty: name the levels, or use the coded form code,parent_code,name,urgency,keywords' });
  const codeOfPath = new Map<string, string>();
  const childCount = new Map<string, number>();
  const categories: Category[] = [];
  for (const { line, record } of rows) {
    const names = header.map((column) => record[column]?.trim() ?? '');
    const depth = names.findIndex((name) => name === '');
    const path = depth === -1 ? names : names.slice(0, depth);
    if (path.length === 0) reader.problems.add({ file, line, field: header[0] ?? 'level 1', message: 'the first level is empty' });
    if (names.slice(path.length).some((name) => name !== '')) {
      reader.problems.add({ file, line, field: header[path.length] ?? '', message: 'a level is empty while a deeper one is not' });
      continue;
    }
    let parentCode: string | null = null;
    for (let level = 0; level < path.length; level++) {
      const key = path.slice(0, level + 1).join('/');
      let code = codeOfPath.get(key);
      if (code === undefined) {
        const siblings: number = (childCount.get(parentCode ?? '') ?? 0) + 1;
        childCount.set(parentCode ?? '', siblings);
        code = `${parentCode === null ? '' : `${parentCode}.`}${String(siblings).padStart(2, '0')}`;
        codeOfPath.set(key, code);
        categories.push({ code, parentCode, name: path[level] ?? '', nameEn: path[level] ?? '', urgency: 'normal', keywords: [] });
      }
      parentCode = code;
    }
  }
  return categories;
}

const unitSchema = z.object({
  unit_id: unitIdSchema,
  name: required,
  kind: z.enum(UNIT_KINDS),
  district_code: optionalDigits(CODE_LENGTHS.district),
  street_code: optionalDigits(CODE_LENGTHS.street),
  parent_unit_id: z.string().optional().transform(blankToNull),
});

function readUnits(reader: PackageReader, districtCodes: ReadonlySet<string> | null): Unit[] {
  const file = 'units.csv';
  const rows = reader.csv(file, ['unit_id', 'name', 'kind'], { required: true }) ?? [];
  const records = parseRecords(file, rows, unitSchema, reader.problems);
  const ids = new Set<string>();
  for (const { line, value } of records) {
    if (ids.has(value.unit_id)) reader.problems.add({ file, line, field: 'unit_id', message: `the unit "${value.unit_id}" appears twice` });
    ids.add(value.unit_id);
  }
  for (const { line, value } of records) {
    if (value.parent_unit_id !== null && !ids.has(value.parent_unit_id)) reader.problems.add({ file, line, field: 'parent_unit_id', message: `no unit has the id "${value.parent_unit_id}"` });
    if (value.street_code !== null && value.district_code !== null && !value.street_code.startsWith(value.district_code)) {
      reader.problems.add({ file, line, field: 'street_code', message: `${value.street_code} is not a street of district ${value.district_code} (its first 6 digits must be the district's)` });
    }
    if (value.district_code !== null && districtCodes !== null && !districtCodes.has(value.district_code)) {
      reader.problems.add({ file, line, field: 'district_code', message: `no district boundary has the code ${value.district_code}` });
    }
    if ((value.kind === 'district_government' || value.kind === 'street_office') && value.district_code === null) {
      reader.problems.add({ file, line, field: 'district_code', message: `a ${value.kind} needs its district` });
    }
    if (value.kind === 'street_office' && value.street_code === null) reader.problems.add({ file, line, field: 'street_code', message: 'a street_office needs its street code' });
  }
  return records.map(({ value }) => ({
    unitId: value.unit_id,
    name: value.name,
    kind: value.kind,
    districtCode: value.district_code,
    streetCode: value.street_code,
    parentUnitId: value.parent_unit_id,
  }));
}

const catalogueRowSchema = z.object({
  rule_id: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'must be letters, digits, "_", "-", ":" or "."'),
  category: required,
  district_code: optionalDigits(CODE_LENGTHS.district),
  unit_id: required,
});
const catalogueJsonSchema = z.array(
  z.object({ ruleId: z.string(), category: z.string(), districtCode: z.string().nullable().default(null), unitId: z.string() }),
);

function readCatalogue(reader: PackageReader, context: { categories: readonly Category[]; units: readonly Unit[]; districtCodes: ReadonlySet<string> | null }): CatalogueRule[] {
  const unitIds = new Set(context.units.map((unit) => unit.unitId));
  let file = 'catalogue.csv';
  let rows: Array<{ line?: number; record: Record<string, string> }>;
  if (existsSync(join(reader.dir, 'catalogue.json'))) {
    file = 'catalogue.json';
    const parsed = catalogueJsonSchema.safeParse(reader.json(file, { required: true }));
    if (!parsed.success) {
      addZodProblems(reader.problems, { file }, parsed.error);
      return [];
    }
    rows = parsed.data.map((rule) => ({ record: { rule_id: rule.ruleId, category: rule.category, district_code: rule.districtCode ?? '', unit_id: rule.unitId } }));
  } else {
    rows = reader.csv(file, ['rule_id', 'category', 'unit_id'], { required: true }) ?? [];
  }
  const rules: CatalogueRule[] = [];
  const ruleIds = new Set<string>();
  rows.forEach(({ line, record }, index) => {
    const where = line === undefined ? { file, prefix: `[${index}]` } : { file, line };
    const at = (field: string) => (line === undefined ? { file, field: `[${index}].${field}` } : { file, line, field });
    const parsed = catalogueRowSchema.safeParse(record);
    if (!parsed.success) {
      addZodProblems(reader.problems, where, parsed.error);
      return;
    }
    const row = parsed.data;
    const category = resolveCategory(context.categories, row.category);
    if (category.ok === false) reader.problems.add({ ...at('category'), message: category.message });
    if (!unitIds.has(row.unit_id)) reader.problems.add({ ...at('unit_id'), message: `no unit has the id "${row.unit_id}" (units.csv)` });
    if (row.district_code !== null && context.districtCodes !== null && !context.districtCodes.has(row.district_code)) {
      reader.problems.add({ ...at('district_code'), message: `no district boundary has the code ${row.district_code}` });
    }
    if (ruleIds.has(row.rule_id)) reader.problems.add({ ...at('rule_id'), message: `the rule "${row.rule_id}" appears twice` });
    ruleIds.add(row.rule_id);
    if (category.ok) rules.push({ ruleId: row.rule_id, category: category.code, districtCode: row.district_code, unitId: row.unit_id });
  });
  return rules;
}

const CLOCKS = [...URGENCIES, 'complex'] as const;
const slaRowSchema = z.object({
  profile_id: z.string().trim().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be lowercase letters, digits, "_" or "-"'),
  name: required,
  clock: z.enum(CLOCKS),
  amount: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be positive'),
  unit: z.enum(SLA_CLOCK_UNITS),
});

function readSlaProfiles(reader: PackageReader): SlaProfile[] {
  const file = 'sla-profiles.csv';
  const rows = reader.csv(file, ['profile_id', 'name', 'clock', 'amount', 'unit'], { required: true }) ?? [];
  const byProfile = new Map<string, { name: string; line: number; clocks: Map<string, SlaClock> }>();
  for (const { line, value } of parseRecords(file, rows, slaRowSchema, reader.problems)) {
    const profile = byProfile.get(value.profile_id) ?? { name: value.name, line, clocks: new Map<string, SlaClock>() };
    if (profile.clocks.has(value.clock)) reader.problems.add({ file, line, field: 'clock', message: `profile ${value.profile_id} sets ${value.clock} twice` });
    profile.clocks.set(value.clock, { amount: value.amount, unit: value.unit });
    byProfile.set(value.profile_id, profile);
  }
  if (rows.length > 0 && !byProfile.has('default')) reader.problems.add({ file, field: 'profile_id', message: 'a profile with the id "default" is required' });
  const profiles: SlaProfile[] = [];
  for (const [profileId, { name, line, clocks }] of byProfile) {
    const missing = CLOCKS.filter((clock) => !clocks.has(clock));
    if (missing.length > 0) {
      reader.problems.add({ file, line, field: 'clock', message: `profile ${profileId} lacks ${missing.join(', ')} (every profile sets emergency, urgent, normal and complex)` });
      continue;
    }
    const clock = (name: (typeof CLOCKS)[number]) => clocks.get(name) as SlaClock;
    profiles.push({ profileId, name, byUrgency: { emergency: clock('emergency'), urgent: clock('urgent'), normal: clock('normal') }, complex: clock('complex') });
  }
  return profiles;
}

const positionSchema = z.tuple([longitude, latitude]).rest(z.number()).transform(([lon, lat]): readonly [number, number] => [lon, lat]);
const ringSchema = z
  .array(positionSchema)
  .min(4, 'a ring needs at least 4 positions')
  .refine((ring) => ring[0]?.[0] === ring.at(-1)?.[0] && ring[0]?.[1] === ring.at(-1)?.[1], 'a ring must end where it starts');
const geometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ringSchema).min(1) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ringSchema).min(1)).min(1) }),
]);

const BOUNDARY_NAMES_FILES: Readonly<Partial<Record<BoundaryLevel, string>>> = { street: 'boundaries/streets.csv', community: 'boundaries/communities.csv' };

/**
 * Districts (required) and unit grids as GeoJSON outlines; streets and communities as GeoJSON, or as
 * CSV (`code,name`) when only their names and codes are known. Every code lies in the level above.
 */
function readBoundaries(reader: PackageReader): Boundary[] {
  const boundaries: Boundary[] = [];
  let parents: Set<string> | null = null;
  for (const level of BOUNDARY_LEVELS) {
    const length = CODE_LENGTHS[level];
    const parentLength = level === 'district' ? 0 : CODE_LENGTHS[BOUNDARY_LEVELS[BOUNDARY_LEVELS.indexOf(level) - 1] ?? 'district'];
    const codes = new Set<string>();
    const add = (where: { file: string; line?: number; field: string }, boundary: Omit<Boundary, 'level' | 'parentCode'>) => {
      const parentCode = level === 'district' ? null : boundary.code.slice(0, parentLength);
      if (codes.has(boundary.code)) reader.problems.add({ ...where, message: `the code ${boundary.code} appears twice` });
      if (parentCode !== null && parents !== null && !parents.has(parentCode)) {
        reader.problems.add({ ...where, message: `${boundary.code} lies in ${parentCode}, which the level above does not have` });
      }
      codes.add(boundary.code);
      boundaries.push({ level, parentCode, ...boundary });
    };
    const namesFile = BOUNDARY_NAMES_FILES[level];
    const rows = namesFile ? reader.csv(namesFile, ['code', 'name'], { required: false }) : null;
    if (namesFile && rows !== null) {
      const schema = z.object({ code: digits(length), name: required });
      for (const { line, value } of parseRecords(namesFile, rows, schema, reader.problems)) add({ file: namesFile, line, field: 'code' }, { code: value.code, name: value.name, geometry: null });
      parents = codes;
      continue;
    }
    const file = BOUNDARY_FILES[level];
    const raw = reader.json(file, { required: level === 'district' });
    if (raw === undefined) {
      parents = null;
      continue;
    }
    const collection = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) }).safeParse(raw);
    if (!collection.success) {
      addZodProblems(reader.problems, { file }, collection.error);
      continue;
    }
    // One schema per level, built before the features: zod compiles each object schema it is given,
    // and building it per feature cost 2 s of the demo city's 2.5 s read (thousands of grid cells).
    const featureSchema = z.object({
      properties: z.object({ code: z.union([z.string(), z.number()]).transform(String).pipe(digits(length)), name: z.string().optional() }),
      geometry: geometrySchema,
    });
    collection.data.features.forEach((feature, index) => {
      const parsed = featureSchema.safeParse(feature);
      if (!parsed.success) {
        addZodProblems(reader.problems, { file, prefix: `features[${index}]` }, parsed.error);
        return;
      }
      const { code, name } = parsed.data.properties;
      // A unit grid is known by its code; a named level needs its name.
      if (level !== 'grid' && !name?.trim()) reader.problems.add({ file, field: `features[${index}].properties.name`, message: 'is required' });
      add({ file, field: `features[${index}].properties.code` }, { code, name: name?.trim() || code, geometry: parsed.data.geometry });
    });
    parents = codes;
  }
  return boundaries;
}

function readComponents(reader: PackageReader, manifest: CityManifest, context: { unitIds: ReadonlySet<string>; districtCodes: ReadonlySet<string> | null }): Component[] {
  const file = 'components.csv';
  const rows = reader.csv(file, ['code', 'name', 'owner_unit_id', 'lon', 'lat'], { required: false });
  if (rows === null) return [];
  const widths = manifest.componentCodeWidths;
  const length = widths.county + widths.major + widths.minor + widths.serial;
  const schema = z.object({ code: digits(length), name: required, owner_unit_id: required, lon: longitude, lat: latitude });
  const components: Component[] = [];
  const codes = new Set<string>();
  for (const { line, value } of parseRecords(file, rows, schema, reader.problems)) {
    const county = value.code.slice(0, widths.county);
    if (!context.unitIds.has(value.owner_unit_id)) reader.problems.add({ file, line, field: 'owner_unit_id', message: `no unit has the id "${value.owner_unit_id}" (units.csv)` });
    if (context.districtCodes !== null && !context.districtCodes.has(county)) reader.problems.add({ file, line, field: 'code', message: `its county part ${county} is not a district of this city` });
    if (codes.has(value.code)) reader.problems.add({ file, line, field: 'code', message: `the component ${value.code} appears twice` });
    codes.add(value.code);
    components.push({
      code: value.code,
      majorClass: value.code.slice(widths.county, widths.county + widths.major),
      minorClass: value.code.slice(widths.county + widths.major, widths.county + widths.major + widths.minor),
      name: value.name,
      ownerUnitId: value.owner_unit_id,
      position: [value.lon, value.lat],
    });
  }
  return components;
}

function readGazetteer(reader: PackageReader, boundaries: readonly Boundary[]): GazetteerEntry[] {
  const file = 'gazetteer.csv';
  const rows = reader.csv(file, ['name', 'kind'], { required: false });
  if (rows === null) return [];
  const known = new Set(boundaries.map((boundary) => boundary.code));
  const isKnown = (code: string | null) => code === null || known.size === 0 || known.has(code);
  const schema = z.object({
    name: required,
    kind: z.enum(GAZETTEER_KINDS),
    full_name: z.string().optional().transform((value) => blankToNull(value) ?? 'true').pipe(z.enum(['true', 'false'])),
    lon: z.preprocess((value) => (typeof value === 'string' && value.trim() !== '' ? value : null), longitude.nullable()),
    lat: z.preprocess((value) => (typeof value === 'string' && value.trim() !== '' ? value : null), latitude.nullable()),
    district_code: optionalDigits(CODE_LENGTHS.district).optional(),
    street_code: optionalDigits(CODE_LENGTHS.street).optional(),
    community_code: optionalDigits(CODE_LENGTHS.community).optional(),
  });
  return parseRecords(file, rows, schema, reader.problems).map(({ line, value }) => {
    const codes = { districtCode: value.district_code ?? null, streetCode: value.street_code ?? null, communityCode: value.community_code ?? null };
    const position = value.lon !== null && value.lat !== null ? ([value.lon, value.lat] as const) : null;
    if ((value.lon === null) !== (value.lat === null)) reader.problems.add({ file, line, field: value.lon === null ? 'lon' : 'lat', message: 'a position needs both lon and lat' });
    if (position === null && codes.districtCode === null) reader.problems.add({ file, line, field: 'district_code', message: 'a name without a position needs the district it stands for' });
    for (const [field, code] of [['district_code', codes.districtCode], ['street_code', codes.streetCode], ['community_code', codes.communityCode]] as const) {
      if (!isKnown(code)) reader.problems.add({ file, line, field, message: `no boundary has the code ${code}` });
    }
    return { name: value.name, kind: value.kind, isFullName: value.full_name === 'true', position, ...codes };
  });
}

function readKnowledge(reader: PackageReader, context: { categories: readonly Category[]; unitIds: ReadonlySet<string> }): KnowledgeEntry[] {
  const file = 'knowledge.csv';
  const rows = reader.csv(file, ['question', 'answer', 'unit_id'], { required: false });
  if (rows === null) return [];
  const schema = z.object({ entry_id: z.string().optional().transform(blankToNull).pipe(z.uuid('must be a UUID').nullable()), question: required, answer: required, keywords: z.string().optional().transform(listOf), category: z.string().optional().transform(blankToNull), unit_id: required });
  return parseRecords(file, rows, schema, reader.problems).map(({ line, value }) => {
    let category: string | null = null;
    if (value.category !== null) {
      const resolved = resolveCategory(context.categories, value.category);
      if (resolved.ok) category = resolved.code;
      else reader.problems.add({ file, line, field: 'category', message: resolved.message });
    }
    if (!context.unitIds.has(value.unit_id)) reader.problems.add({ file, line, field: 'unit_id', message: `no unit has the id "${value.unit_id}" (units.csv)` });
    return { entryId: value.entry_id, question: value.question, answer: value.answer, keywords: value.keywords, category, unitId: value.unit_id };
  });
}

const attributesSchema = z.array(
  z.object({
    serviceCode: required,
    code: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be lowercase letters, digits and "_"'),
    datatype: z.enum(OPEN311_DATATYPES),
    isRequired: z.boolean(),
    description: required,
    datatypeDescription: z.string().nullable().default(null),
    values: z.array(z.object({ key: required, name: required })).default([]),
  }),
);

function readOpen311Attributes(reader: PackageReader, categories: readonly Category[]): Open311Attribute[] {
  const file = 'open311-attributes.json';
  const raw = reader.json(file, { required: false });
  if (raw === undefined) return [];
  const parsed = attributesSchema.safeParse(raw);
  if (!parsed.success) {
    addZodProblems(reader.problems, { file }, parsed.error);
    return [];
  }
  return parsed.data.flatMap((attribute, index): Open311Attribute[] => {
    const category = resolveCategory(categories, attribute.serviceCode);
    if (!category.ok) {
      reader.problems.add({ file, field: `[${index}].serviceCode`, message: category.message });
      return [];
    }
    const isList = attribute.datatype.endsWith('valuelist');
    if (isList !== attribute.values.length > 0) reader.problems.add({ file, field: `[${index}].values`, message: isList ? 'a value list needs its values' : `a ${attribute.datatype} has no values` });
    return [{ ...attribute, serviceCode: category.code }];
  });
}

/**
 * Reads and validates a city package folder. Every problem in every file is reported (file, line,
 * field); a package with any problem is not returned, so an import of it changes nothing.
 */
export function readCityPackage(dir: string): ReadCityPackageResult {
  if (!existsSync(dir)) return { ok: false, problems: [{ file: dir, message: 'no such folder' }] };
  const reader = new PackageReader(dir);
  const manifest = readManifest(reader);
  const boundaries = readBoundaries(reader);
  const districts = boundaries.filter((boundary) => boundary.level === 'district');
  const districtCodes = districts.length > 0 ? new Set(districts.map((district) => district.code)) : null;
  const categories = readTaxonomy(reader);
  const units = readUnits(reader, districtCodes);
  const unitIds = new Set(units.map((unit) => unit.unitId));
  const catalogue = readCatalogue(reader, { categories, units, districtCodes });
  const slaProfiles = readSlaProfiles(reader);
  const components = manifest ? readComponents(reader, manifest, { unitIds, districtCodes }) : [];
  const gazetteer = readGazetteer(reader, boundaries);
  const knowledge = readKnowledge(reader, { categories, unitIds });
  const open311Attributes = readOpen311Attributes(reader, categories);
  if (!reader.problems.isEmpty || manifest === null) return { ok: false, problems: reader.problems.items };
  const content = { manifest, categories, units, catalogue, slaProfiles, boundaries, components, gazetteer, knowledge, open311Attributes };
  const digest = createHash('sha256').update(JSON.stringify(content)).digest('hex');
  return { ok: true, city: { ...content, digest } };
}
