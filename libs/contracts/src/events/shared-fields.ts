import { z } from 'zod';

export const REQUEST_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export const CHANNELS = ['phone', 'web', 'app', 'grid', 'sensor', 'other'] as const;
export const URGENCIES = ['emergency', 'urgent', 'normal'] as const;
export const FEEDBACK_OUTCOMES = ['resolved', 'explained', 'not_in_remit'] as const;
export const SATISFACTION_LEVELS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
// 退单 / 派单异议: 属地不符, 权属不清, 职能交叉, 不属于本单位职责, other.
export const DISPUTE_REASONS = ['wrong_area', 'unclear_ownership', 'overlapping_duties', 'not_in_remit', 'other'] as const;
// Who decided a dispute: a dispatcher, or arbitration once the case has been returned too often.
export const DISPUTE_DECIDERS = ['dispatcher', 'arbitration'] as const;

export type RequestType = (typeof REQUEST_TYPES)[number];
export type Channel = (typeof CHANNELS)[number];
export type Urgency = (typeof URGENCIES)[number];
export type FeedbackOutcome = (typeof FEEDBACK_OUTCOMES)[number];
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number];
export type DisputeReason = (typeof DISPUTE_REASONS)[number];
export type DisputeDecider = (typeof DISPUTE_DECIDERS)[number];

export const isoDateTime = z.iso.datetime({ offset: true });

// Geodetic datums of a position: GPS, the offset datum of Chinese web maps, and Baidu's further offset of it.
export const DATUMS = ['WGS-84', 'GCJ-02', 'BD-09'] as const;
export type Datum = (typeof DATUMS)[number];

export const locationSchema = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});

/** A position in an event: it may name its datum (absent: WGS-84). */
export const eventLocationSchema = locationSchema.extend({
  datum: z
    .enum(DATUMS)
    .optional()
    .describe('Geodetic datum of lat/lng; absent means WGS-84 (GPS, Open311). GCJ-02 is the offset datum of Chinese web maps (AMap, Tencent), BD-09 that of Baidu Maps'),
});

export const slaClockSchema = z.object({
  amount: z.number().positive(),
  unit: z.enum(['clock_hours', 'working_hours', 'working_days', 'natural_days']),
});

export const followUpResultSchema = z.object({
  reached: z.boolean(),
  resolved: z.boolean().nullable(),
  satisfaction: z.enum(SATISFACTION_LEVELS).nullable(),
  note: z.string().max(2000).nullable(),
  operatorId: z.string().nullable(),
});
export type FollowUpResult = z.infer<typeof followUpResultSchema>;
