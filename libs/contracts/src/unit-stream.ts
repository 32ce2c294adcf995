import type { CaseEventTypeName } from './catalogue';

// A documented contract, not yet fed: the per-unit stream a handling unit may consume instead of
// polling execution's HTTP API (issue 6, point 7). See docs/api/asyncapi.json and the README.

/** The topic a unit reads its dispatches and updates from, e.g. `hotline.unit.street-110105001.cases`. */
export const unitCasesTopic = (agencyId: string): string => `hotline.unit.${agencyId}.cases`;
export const UNIT_CASES_TOPIC_PATTERN = 'hotline.unit.{agencyId}.cases';
/** The consumer groups a unit may use: its own prefix, so no unit can join or reset another's group. */
export const unitConsumerGroupPrefix = (agencyId: string): string => `unit.${agencyId}.`;
/** The Kafka principals: one per unit, and the projector that feeds every unit's topic. */
export const unitPrincipal = (agencyId: string): string => `User:unit-${agencyId}`;
export const UNIT_STREAM_PROJECTOR = { principal: 'User:hotline-unit-projector', groupId: 'hotline-unit-projector' } as const;

/**
 * Why a unit receives an event, in the `unit-role` header: it leads the case (`agencyId`), co-handles it
 * (`coHandlerIds`, 协办), receives a copy (`copiedToAgencyIds`, e.g. the district government of a street
 * office), or the case was re-dispatched away from it (`previousAgencyId`).
 */
export const UNIT_ROLES = ['lead', 'co_handler', 'copy', 'previous'] as const;
export type UnitRole = (typeof UNIT_ROLES)[number];

/**
 * The case events a unit's stream carries, unchanged (same envelope, versions and key): those that
 * name the unit. Intake and triage events stay out: they precede any dispatch, and case.received
 * carries the reporter's contact, which a unit gets only through the follow-up desk's rules.
 */
export const UNIT_STREAM_EVENT_TYPES = [
  'case.dispatched',
  'case.redispatched',
  'case.signed',
  'case.dispute_raised',
  'case.dispute_rejected',
  'case.extension_requested',
  'case.extension_approved',
  'case.extension_rejected',
  'case.feedback_submitted',
  'case.feedback_returned',
  'case.feedback_approved',
  'case.inspected',
  'case.rework_ordered',
  'case.deadline_passed',
  'case.deadline_warning',
  'case.supervised',
  'case.closed',
  'case.reopened',
  'case.appeal_filed',
  'case.appeal_decided',
] as const satisfies readonly CaseEventTypeName[];
