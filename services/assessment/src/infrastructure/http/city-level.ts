import { hasRole, supervisorLevel, type Principal } from '@hotline/access';
import { AppError } from '@hotline/nest-platform';

/**
 * 考评 is the city's: closing a month and deciding appeals are for an admin or a supervisor bound to the
 * city (`110000`), not to one district or street, whose own units are among those scored.
 */
export function requireCityLevel(principal: Principal): void {
  const isCitySupervisor = hasRole(principal, 'supervisor') && principal.regionCode !== undefined && supervisorLevel(principal.regionCode) === 'city';
  if (hasRole(principal, 'admin') || isCitySupervisor) return;
  throw AppError.denied('AUTH.FORBIDDEN', 'Only the city level decides this: an admin or a supervisor of the city.', 'supervisor below the city level');
}
