import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { z } from 'zod';
import { Access, CurrentPrincipal, hasRole, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { KnowledgeBase, type KnowledgeEntryView, type KnowledgeSearchView } from './knowledge-base';
import { knowledgeEntrySchema, knowledgeListSchema, knowledgeSearchSchema } from './knowledge.contract';
import {
  createKnowledgeEntrySchema,
  entryIdSchema,
  listKnowledgeQuerySchema,
  searchKnowledgeQuerySchema,
  updateKnowledgeEntrySchema,
  type CreateKnowledgeEntryRequest,
  type ListKnowledgeQuery,
  type SearchKnowledgeQuery,
  type UpdateKnowledgeEntryRequest,
} from './knowledge.request';

// The desk answers from the knowledge base; units and admins maintain it; auditors and supervisors read.
const READERS = ['dispatcher', 'follow_up_operator', 'hotline_client', 'unit_operator', 'auditor', 'supervisor', 'admin'] as const;
const WRITERS = ['unit_operator', 'admin'] as const;

/** The unit a write is for: a unit operator's own, or the one an admin names. */
function owningAgency(principal: Principal, requested: string | undefined): string {
  if (hasRole(principal, 'admin')) {
    if (requested) return requested;
    if (principal.agencyId) return principal.agencyId;
    throw new AppError('VALIDATION.FAILED', 'Name the unit that maintains the entry.', { issues: [{ path: 'agencyId', message: 'is required for an admin' }] });
  }
  if (!principal.agencyId) throw AppError.denied('AUTH.FORBIDDEN', 'You act for no unit.', 'unit_operator without agencyId');
  if (requested && requested !== principal.agencyId) {
    throw AppError.denied('AUTH.FORBIDDEN', 'You may only write entries for your own unit.', `agencyId ${requested} is not ${principal.agencyId}`);
  }
  return principal.agencyId;
}

@Controller('v1/knowledge')
export class KnowledgeController {
  constructor(private readonly knowledge: KnowledgeBase) {}

  @ApiContract({ summary: 'Knowledge base entries (知识库), most recently updated first', query: listKnowledgeQuerySchema, response: knowledgeListSchema })
  @Get()
  @Access({ roles: READERS, operation: 'knowledge.read' })
  async list(@Query(new ZodPipe(listKnowledgeQuerySchema, 'query')) query: ListKnowledgeQuery) {
    const page = await this.knowledge.list(query);
    return { ...page, limit: query.limit, offset: query.offset };
  }

  @ApiContract({ summary: 'Ranked full-text search of the knowledge base over segmented Chinese text', query: searchKnowledgeQuerySchema, response: knowledgeSearchSchema })
  @Get('search')
  @Access({ roles: READERS, operation: 'knowledge.read' })
  async search(@Query(new ZodPipe(searchKnowledgeQuerySchema, 'query')) query: SearchKnowledgeQuery): Promise<KnowledgeSearchView> {
    return this.knowledge.search(query.q, { limit: query.limit, agencyId: query.agencyId });
  }

  @ApiContract({ summary: 'Add a knowledge base entry for a unit', body: createKnowledgeEntrySchema, response: knowledgeEntrySchema, errors: ['AUTH.FORBIDDEN'] })
  @Post()
  @Access({ roles: WRITERS, operation: 'knowledge.write' })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(createKnowledgeEntrySchema)) body: CreateKnowledgeEntryRequest,
  ): Promise<KnowledgeEntryView> {
    const agencyId = owningAgency(principal, body.agencyId);
    return this.knowledge.create({ agencyId, question: body.question, answer: body.answer, category: body.category ?? null, keywords: body.keywords }, principal.id);
  }

  @ApiContract({
    summary: 'Replace a knowledge base entry (optimistic: send the version you read)',
    params: z.object({ entryId: entryIdSchema }),
    body: updateKnowledgeEntrySchema,
    response: knowledgeEntrySchema,
    errors: ['KNOWLEDGE.NOT_FOUND', 'KNOWLEDGE.CONFLICT', 'AUTH.FORBIDDEN'],
  })
  @Put(':entryId')
  @Access({ roles: WRITERS, operation: 'knowledge.write' })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('entryId') rawEntryId: string,
    @Body(new ZodPipe(updateKnowledgeEntrySchema)) body: UpdateKnowledgeEntryRequest,
  ): Promise<KnowledgeEntryView> {
    const entryId = new ZodPipe(entryIdSchema, 'entryId path parameter').transform(rawEntryId);
    const editor = { principalId: principal.id, agencyId: hasRole(principal, 'admin') ? null : (principal.agencyId ?? '') };
    const result = await this.knowledge.update(entryId, { ...body, category: body.category ?? null }, editor);
    switch (result.status) {
      case 'updated':
        return result.entry;
      case 'not_found':
        throw new AppError('KNOWLEDGE.NOT_FOUND', `No knowledge entry ${entryId}.`, { entryId });
      case 'forbidden':
        throw AppError.denied('AUTH.FORBIDDEN', 'You may only edit your own unit\'s entries.', `entry ${entryId} belongs to another unit`);
      case 'version_conflict':
        throw new AppError('KNOWLEDGE.CONFLICT', `The entry changed since you read it (now version ${result.currentVersion}); read it again.`, {
          entryId,
          currentVersion: result.currentVersion,
        });
    }
  }
}
