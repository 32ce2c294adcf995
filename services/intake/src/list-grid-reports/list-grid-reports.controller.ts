import { Controller, Get, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { DATUMS, FILING_REJECTION_REASONS, type Datum, type FilingRejectionReason } from '@hotline/contracts';
import { Access } from '@hotline/access';
import { ApiContract, ZodPipe, responseSchemaFor, wholeNumberParam } from '@hotline/nest-platform';

// A position given without a datum is GPS's (see POST /v1/cases).
const DEFAULT_DATUM: Datum = 'WGS-84';

const FILING_STATUSES = ['pending', 'filed', 'not_filed'] as const;

const listGridReportsQuerySchema = z
  .object({
    status: z.enum(FILING_STATUSES, { error: `must be one of ${FILING_STATUSES.join(', ')}` }).default('pending'),
    limit: wholeNumberParam({ min: 1, max: 500 }).default(100),
  })
  .strict();
type ListGridReportsQuery = z.infer<typeof listGridReportsQuerySchema>;

interface GridReportView {
  caseId: string;
  trackingNumber: string;
  title: string | null;
  description: string;
  address: string | null;
  location: { lat: number; lng: number; datum: Datum } | null;
  inspectorId: string;
  eventClass: string | null;
  componentCode: string | null;
  receivedAt: string;
  filingStatus: (typeof FILING_STATUSES)[number];
  decidedBy: string | null;
  decidedAt: string | null;
  rejectionReason: FilingRejectionReason | null;
  explanation: string | null;
}

const gridReportListSchema = responseSchemaFor<{ items: GridReportView[] }>()(
  z.object({
    items: z.array(
      z.object({
        caseId: z.uuid(),
        trackingNumber: z.string(),
        title: z.string().nullable(),
        description: z.string(),
        address: z.string().nullable(),
        location: z.object({ lat: z.number(), lng: z.number(), datum: z.enum(DATUMS).describe('The datum the inspector gave lat/lng in (WGS-84 when none was given)') }).nullable(),
        inspectorId: z.string(),
        eventClass: z.string().nullable(),
        componentCode: z.string().nullable(),
        receivedAt: z.iso.datetime({ offset: true }),
        filingStatus: z.enum(FILING_STATUSES),
        decidedBy: z.string().nullable(),
        decidedAt: z.iso.datetime({ offset: true }).nullable(),
        rejectionReason: z.enum(FILING_REJECTION_REASONS).nullable(),
        explanation: z.string().nullable(),
      }),
    ),
  }),
);

interface Row {
  case_id: string;
  tracking_number: string;
  title: string | null;
  description: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  datum: Datum | null;
  inspector_id: string;
  event_class: string | null;
  component_code: string | null;
  received_at: Date;
  filing_status: GridReportView['filingStatus'];
  decided_by: string | null;
  decided_at: Date | null;
  rejection_reason: FilingRejectionReason | null;
  explanation: string | null;
}

@Controller('v1/filings')
export class ListGridReportsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @ApiContract({ summary: 'Grid reports by filing status (立案), oldest first: `pending` is the centre\'s queue', query: listGridReportsQuerySchema, response: gridReportListSchema })
  @Get()
  @Access({ roles: ['dispatcher', 'auditor', 'supervisor', 'admin'], operation: 'filings.read' })
  async list(@Query(new ZodPipe(listGridReportsQuerySchema, 'query')) query: ListGridReportsQuery): Promise<{ items: GridReportView[] }> {
    const rows = await this.dataSource.query<Row[]>(
      `SELECT g.case_id, c.tracking_number, c.title, c.description, c.address, c.lat, c.lng, c.datum, g.inspector_id, g.event_class, g.component_code,
              g.received_at, g.filing_status, g.decided_by, g.decided_at, g.rejection_reason, g.explanation
         FROM intake.grid_reports g JOIN intake.cases c USING (case_id)
        WHERE g.filing_status = $1
        ORDER BY g.received_at, g.case_id
        LIMIT $2`,
      [query.status, query.limit],
    );
    return {
      items: rows.map((r) => ({
        caseId: r.case_id,
        trackingNumber: r.tracking_number,
        title: r.title,
        description: r.description,
        address: r.address,
        location: r.lat === null || r.lng === null ? null : { lat: r.lat, lng: r.lng, datum: r.datum ?? DEFAULT_DATUM },
        inspectorId: r.inspector_id,
        eventClass: r.event_class,
        componentCode: r.component_code,
        receivedAt: r.received_at.toISOString(),
        filingStatus: r.filing_status,
        decidedBy: r.decided_by,
        decidedAt: r.decided_at?.toISOString() ?? null,
        rejectionReason: r.rejection_reason,
        explanation: r.explanation,
      })),
    };
  }
}
