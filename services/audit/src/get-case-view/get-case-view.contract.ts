import { z } from 'zod';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { CaseViewResponse } from './get-case-view.response';

const text = z.string().nullable();
const moment = z.iso.datetime({ offset: true }).nullable();

export const caseViewSchema = responseSchemaFor<CaseViewResponse>()(
  z.object({
    caseId: z.uuid(),
    trackingNumber: text,
    status: text,
    type: text,
    channel: text,
    category: text,
    categoryName: text,
    urgency: text,
    districtCode: text,
    districtName: text,
    agencyId: text,
    agencyName: text,
    deadline: moment,
    receivedAt: moment,
    dispatchedAt: moment,
    signedAt: moment,
    feedbackAt: moment,
    closedAt: moment,
    lastEventType: text,
    eventCount: z.number().int(),
    anomalies: z.number().int().describe('Events recorded out of lifecycle order'),
    mergedInto: z
      .object({
        caseId: z.uuid(),
        trackingNumber: text,
        status: text,
        agencyId: text,
        agencyName: text,
        deadline: moment,
        feedbackAt: moment,
        closedAt: moment,
      })
      .nullable()
      .describe('并案: the open case this one was merged into, with its progress (status, unit, deadline, reply, closing)'),
  }),
);
