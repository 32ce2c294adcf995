/**
 * A city as data (城市配置包): everything that differs between two customers, read from a folder of
 * files by `npm run city:import -- --dir DIR` and loaded into the services' own tables. Nothing at run
 * time knows which city it serves.
 */
export const URGENCIES = ['emergency', 'urgent', 'normal'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const UNIT_KINDS = ['district_government', 'street_office', 'city_department', 'utility'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const SLA_CLOCK_UNITS = ['clock_hours', 'working_hours', 'working_days', 'natural_days'] as const;
export type SlaClockUnit = (typeof SLA_CLOCK_UNITS)[number];

export const DATUMS = ['WGS-84', 'GCJ-02'] as const;
export type Datum = (typeof DATUMS)[number];

/** Administrative levels of the boundaries, largest first, with the digits of their codes (DOMAIN.md §5). */
export const BOUNDARY_LEVELS = ['district', 'street', 'community', 'grid'] as const;
export type BoundaryLevel = (typeof BOUNDARY_LEVELS)[number];

export interface CityManifest {
  readonly cityId: string;
  readonly name: string;
  /** The city's own edition label, e.g. '2026.12.1'; the import numbers versions itself. */
  readonly edition: string;
  readonly language: string;
  /** The datum of every coordinate in the package. */
  readonly datum: Datum;
  readonly timeZone: string;
  /** Where the data came from, for the record. */
  readonly source: string;
  readonly codeWidths: Readonly<Record<BoundaryLevel, number>>;
  readonly componentCodeWidths: { readonly county: number; readonly major: number; readonly minor: number; readonly serial: number };
}

export interface Category {
  readonly code: string;
  readonly parentCode: string | null;
  readonly name: string;
  /** A second name for a bilingual city (Open311 descriptions); the name itself when absent. */
  readonly nameEn: string;
  readonly urgency: Urgency;
  /** Words a keyword classifier may count (the trained classifier does not need them). */
  readonly keywords: readonly string[];
}

export interface Unit {
  readonly unitId: string;
  readonly name: string;
  readonly kind: UnitKind;
  readonly districtCode: string | null;
  readonly streetCode: string | null;
  readonly parentUnitId: string | null;
}

/** One line of the dispatch catalogue (派单目录); the first matching rule wins. */
export interface CatalogueRule {
  readonly ruleId: string;
  readonly category: string;
  /** null: any district. */
  readonly districtCode: string | null;
  readonly unitId: string;
}

export interface SlaClock {
  readonly amount: number;
  readonly unit: SlaClockUnit;
}

export interface SlaProfile {
  readonly profileId: string;
  readonly name: string;
  readonly byUrgency: Readonly<Record<Urgency, SlaClock>>;
  readonly complex: SlaClock;
}

export type Position = readonly [lon: number, lat: number];
export type Ring = readonly Position[];
export type Polygonal = { readonly type: 'Polygon'; readonly coordinates: readonly Ring[] } | { readonly type: 'MultiPolygon'; readonly coordinates: readonly (readonly Ring[])[] };

export interface Boundary {
  readonly level: BoundaryLevel;
  readonly code: string;
  readonly name: string;
  /** The enclosing boundary's code (its code's prefix); null for a district. */
  readonly parentCode: string | null;
  /**
   * Districts and unit grids have outlines; streets and communities may come as names and codes only
   * (a CSV), their outlines then being the union of their grids.
   */
  readonly geometry: Polygonal | null;
}

/** A city object (部件) with its 16-digit code, class and the unit that owns it. */
export interface Component {
  readonly code: string;
  readonly majorClass: string;
  readonly minorClass: string;
  readonly name: string;
  readonly ownerUnitId: string;
  readonly position: Position;
}

export const GAZETTEER_KINDS = ['district', 'street', 'community', 'landmark', 'road'] as const;
export type GazetteerKind = (typeof GAZETTEER_KINDS)[number];

/** A place name an address may use: with the codes it stands for, or a position they are looked up from. */
export interface GazetteerEntry {
  readonly name: string;
  readonly kind: GazetteerKind;
  /** A full name (朝阳区, 望京街道) rather than a short form (朝阳, 望京): full names win a tie. */
  readonly isFullName: boolean;
  readonly position: Position | null;
  readonly districtCode: string | null;
  readonly streetCode: string | null;
  readonly communityCode: string | null;
}

export interface KnowledgeEntry {
  /** Stable id, so that importing again adds nothing twice; derived from the question when the file has none. */
  readonly entryId: string | null;
  readonly question: string;
  readonly answer: string;
  readonly keywords: readonly string[];
  readonly category: string | null;
  /** The unit that keeps the entry (it may edit it). */
  readonly unitId: string;
}

export const OPEN311_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;

/** A question an Open311 client asks when a citizen files a request of this category (GeoReport v2). */
export interface Open311Attribute {
  readonly serviceCode: string;
  readonly code: string;
  readonly datatype: (typeof OPEN311_DATATYPES)[number];
  readonly isRequired: boolean;
  readonly description: string;
  readonly datatypeDescription: string | null;
  readonly values: readonly { readonly key: string; readonly name: string }[];
}

export interface CityPackage {
  readonly manifest: CityManifest;
  readonly categories: readonly Category[];
  readonly units: readonly Unit[];
  readonly catalogue: readonly CatalogueRule[];
  readonly slaProfiles: readonly SlaProfile[];
  readonly boundaries: readonly Boundary[];
  readonly components: readonly Component[];
  readonly gazetteer: readonly GazetteerEntry[];
  readonly knowledge: readonly KnowledgeEntry[];
  readonly open311Attributes: readonly Open311Attribute[];
  /** sha256 of the package's content: an import of the same content is not a new version. */
  readonly digest: string;
}
