import type { ExecutionConfig } from './execution-config';

export const UNIT_REQUEST_LIMITS = Symbol('UNIT_REQUEST_LIMITS');

/** The limits on a unit's returns (退单) and extension requests (延期), from execution's configuration. */
export interface UnitRequestLimits {
  returnWindowS: number;
  extensionMaxPerCase: number;
}

export function unitRequestLimitsFrom(config: ExecutionConfig): UnitRequestLimits {
  return { returnWindowS: config.RETURN_WINDOW_S, extensionMaxPerCase: config.EXTENSION_MAX_PER_CASE };
}
