import { Controller, Get, Query } from '@nestjs/common';
import { Access } from '@hotline/access';
import { ApiContract, ZodPipe } from '@hotline/nest-platform';
import type { Hotspot } from '../domain/hotspots';
import { addMonths } from '../domain/month';
import { hotspotsSchema } from './hotspots.contract';
import { HotspotsHandler } from './hotspots.handler';
import { hotspotsQuerySchema, type HotspotsQuery } from './hotspots.request';

@Controller('v1/hotspots')
export class HotspotsController {
  constructor(private readonly handler: HotspotsHandler) {}

  @ApiContract({ summary: 'High-frequency problems (高频问题) by category × street for a month, with the month-over-month trend', query: hotspotsQuerySchema, response: hotspotsSchema })
  @Get()
  @Access({ roles: ['supervisor', 'auditor', 'admin'], operation: 'hotspots.read' })
  async hotspots(@Query(new ZodPipe(hotspotsQuerySchema, 'query')) query: HotspotsQuery): Promise<{ month: string; previousMonth: string; items: Hotspot[] }> {
    return { month: query.month, previousMonth: addMonths(query.month, -1), items: await this.handler.execute(query.month, query.limit) };
  }
}
