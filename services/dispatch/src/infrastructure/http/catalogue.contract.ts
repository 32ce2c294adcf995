import { z } from 'zod';
import { REQUEST_TYPES, type RequestType } from '@hotline/contracts';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { CatalogueRule } from '../../domain/catalogue-rule';
import { CATALOGUE_STATUSES, type CatalogueStatus } from '../database/entities/catalogue.entity';

/** A handling unit's id as the catalogue spells it, e.g. `street-110105001`. */
export const agencyIdSchema = z.string({ error: 'is required' }).regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'must be a unit id: lower-case letters, digits and dashes, e.g. street-110105001');

const codeList = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max).default([]);

/** One rule as a dispatcher writes it; an omitted condition matches anything. */
export const catalogueRuleInputSchema = z
  .object({
    ruleId: z.string({ error: 'is required' }).regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'must be 1 to 100 letters, digits, dots, dashes, underscores or colons'),
    name: z.string().trim().min(1).max(200).nullable().default(null),
    requestTypes: codeList(z.enum(REQUEST_TYPES, { error: `must be one of ${REQUEST_TYPES.join(', ')}` }), REQUEST_TYPES.length).describe('Any of these request types'),
    category: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a category code at any level, e.g. noise or urban_management').nullable().default(null),
    districtCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit district code').nullable().default(null),
    streetCode: z.string().regex(/^\d{9}$/, 'must be a 9-digit street code').nullable().default(null),
    gridCode: z.string().regex(/^\d{10,20}$/, 'must be a grid cell code of 10 to 20 digits').nullable().default(null),
    keywords: codeList(z.string().trim().min(1).max(50), 50).describe('Any of these words in the title or description'),
    agencyId: agencyIdSchema.describe('The lead unit (主办)'),
    coHandlerIds: codeList(agencyIdSchema, 20).describe('Co-handling units (协办)'),
  })
  .strict();

/** A catalogue version number (a Postgres integer). */
export const catalogueVersionSchema = z.coerce
  .number({ error: 'must be a catalogue version' })
  .int('must be a whole number')
  .positive('must be a catalogue version, from 1')
  .max(2_147_483_647, 'is not a catalogue version');

export const catalogueVersionPathSchema = z.object({ version: catalogueVersionSchema });

/** A rule as the API shows it: every condition present, null or [] when unset. */
export interface CatalogueRuleView {
  ruleId: string;
  name: string | null;
  requestTypes: RequestType[];
  category: string | null;
  districtCode: string | null;
  streetCode: string | null;
  gridCode: string | null;
  keywords: string[];
  agencyId: string;
  coHandlerIds: string[];
}

export const toRuleView = (rule: CatalogueRule): CatalogueRuleView => ({
  ...rule,
  requestTypes: [...rule.requestTypes],
  keywords: [...rule.keywords],
  coHandlerIds: [...rule.coHandlerIds],
});

export interface CatalogueSummaryView {
  version: number;
  status: CatalogueStatus;
  basedOn: number | null;
  note: string | null;
  ruleCount: number;
  createdBy: string | null;
  createdAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
}

export interface CatalogueView extends CatalogueSummaryView {
  rules: CatalogueRuleView[];
}

const ruleViewSchema = responseSchemaFor<CatalogueRuleView>()(
  z.object({
    ruleId: z.string(),
    name: z.string().nullable(),
    requestTypes: z.array(z.enum(REQUEST_TYPES)),
    category: z.string().nullable(),
    districtCode: z.string().nullable(),
    streetCode: z.string().nullable(),
    gridCode: z.string().nullable(),
    keywords: z.array(z.string()),
    agencyId: z.string(),
    coHandlerIds: z.array(z.string()),
  }),
);

const summaryShape = {
  version: z.number().int(),
  status: z.enum(CATALOGUE_STATUSES).describe('draft → published → superseded (by the next published version)'),
  basedOn: z.number().int().nullable().describe('The version a draft was copied from'),
  note: z.string().nullable(),
  ruleCount: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  publishedBy: z.string().nullable(),
  publishedAt: z.iso.datetime({ offset: true }).nullable(),
};

export const catalogueListSchema = responseSchemaFor<{ items: CatalogueSummaryView[] }>()(z.object({ items: z.array(z.object(summaryShape)) }));

export const catalogueViewSchema = responseSchemaFor<CatalogueView>()(
  z.object({ ...summaryShape, rules: z.array(ruleViewSchema).describe('In order: the first rule that matches a case wins') }),
);

export interface CatalogueDiffView {
  version: number;
  against: number;
  added: { position: number; rule: CatalogueRuleView }[];
  removed: { position: number; rule: CatalogueRuleView }[];
  changed: { ruleId: string; fields: string[]; before: CatalogueRuleView; after: CatalogueRuleView }[];
  moved: { ruleId: string; from: number; to: number }[];
}

const placedRule = z.object({ position: z.number().int(), rule: ruleViewSchema });

export const catalogueDiffSchema = responseSchemaFor<CatalogueDiffView>()(
  z.object({
    version: z.number().int(),
    against: z.number().int(),
    added: z.array(placedRule).describe('Rules of `version` that `against` lacks (1-based positions in `version`)'),
    removed: z.array(placedRule).describe('Rules of `against` that `version` lacks (positions in `against`)'),
    changed: z.array(z.object({ ruleId: z.string(), fields: z.array(z.string()), before: ruleViewSchema, after: ruleViewSchema })),
    moved: z.array(z.object({ ruleId: z.string(), from: z.number().int(), to: z.number().int() })).describe('Shared rules whose order changed (order decides which rule wins)'),
  }),
);
