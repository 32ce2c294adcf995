import type { Principal } from '@hotline/access';
import { AppError } from '@hotline/nest-platform';

/**
 * The unit a unit_operator acts for comes from its credentials, never from the request. A body that
 * still names a unit must name the same one.
 */
export function actingUnit(principal: Principal, named?: string): string {
  if (!principal.agencyId) throw AppError.denied('AUTH.FORBIDDEN', 'Your credentials are not bound to a handling unit.', 'unit_operator without an agencyId');
  if (named !== undefined && named !== principal.agencyId) {
    throw AppError.denied('AUTH.FORBIDDEN', `You act for ${principal.agencyId}, not for ${named}.`, 'body names another unit');
  }
  return principal.agencyId;
}

export const caseNotFound = (caseId: string): AppError =>
  AppError.denied('CASE.NOT_FOUND', `case ${caseId} is not in your unit's queue: it has not been dispatched yet, or not to your unit`, 'case of another unit');
