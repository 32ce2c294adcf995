import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Urgency } from '@hotline/contracts';
import type { DistrictSource } from '../domain/district-locator';
import { ClassificationRecord } from '../infrastructure/database/entities/classification.entity';

export interface ClassificationView {
  caseId: string;
  category: string;
  urgency: Urgency;
  districtCode: string | null;
  streetCode: string | null;
  districtSource: DistrictSource | null;
  gridCode: string | null;
  communityCode: string | null;
  componentCode: string | null;
  componentOwnerId: string | null;
  confidence: number;
  matchedKeywords: string[];
  classifierVersion: string;
  classifiedAt: string;
}

export type GetClassificationResult = { status: 'found'; classification: ClassificationView } | { status: 'not_found' };

@Injectable()
export class GetClassificationHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(caseId: string): Promise<GetClassificationResult> {
    const record = await this.dataSource.getRepository(ClassificationRecord).findOneBy({ caseId });
    if (!record) return { status: 'not_found' };
    return {
      status: 'found',
      classification: {
        caseId: record.caseId,
        category: record.category,
        urgency: record.urgency,
        districtCode: record.districtCode,
        streetCode: record.streetCode,
        districtSource: record.districtSource,
        gridCode: record.gridCode,
        communityCode: record.communityCode,
        componentCode: record.componentCode,
        componentOwnerId: record.componentOwnerId,
        confidence: record.confidence,
        matchedKeywords: record.matchedKeywords,
        classifierVersion: record.classifierVersion,
        classifiedAt: record.createdAt.toISOString(),
      },
    };
  }
}
