import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@hotline/access';
import type { CaseReference } from '../case-reference/case-reference.request';
import { CaseViewFinder, type FindCaseViewResult } from '../case-reference/case-view.finder';
import { verifyChain, type ChainVerdict } from '../domain/hash-chain';
import { CaseEventRecord } from '../infrastructure/database/entities/case-event.entity';

export type VerifyCaseChainResult = { status: 'verified'; caseId: string; verdict: ChainVerdict } | Exclude<FindCaseViewResult, { status: 'found' }>;

@Injectable()
export class VerifyCaseChainHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly finder: CaseViewFinder,
  ) {}

  /** Recomputes the case's hash chain from the stored envelopes rather than trusting the stored hashes. */
  async execute(reference: CaseReference, viewer: Principal): Promise<VerifyCaseChainResult> {
    const found = await this.finder.find(reference, viewer);
    if (found.status !== 'found') return found;
    const { caseId } = found.view;
    const links = await this.dataSource.getRepository(CaseEventRecord).find({
      select: { position: true, prevHash: true, hash: true, envelope: true, hashVersion: true, personalDataErasedAt: true },
      where: { caseId },
      order: { position: 'ASC' },
    });
    return { status: 'verified', caseId, verdict: verifyChain(links) };
  }
}
