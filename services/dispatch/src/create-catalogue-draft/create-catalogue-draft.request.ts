import { z } from 'zod';
import { catalogueRuleInputSchema } from '../infrastructure/http/catalogue.contract';

/** Without `rules` the draft is a copy of the published version; with them, exactly those rules in that order. */
export const createCatalogueDraftRequestSchema = z
  .object({
    note: z.string().trim().min(1).max(2000).nullable().default(null).describe('Why this version: the change it makes'),
    rules: z.array(catalogueRuleInputSchema).min(1, 'must hold at least one rule').max(5000).optional().describe('In order: the first rule that matches a case wins'),
  })
  .strict();
export type CreateCatalogueDraftRequest = z.infer<typeof createCatalogueDraftRequestSchema>;
