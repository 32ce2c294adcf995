import type { DispatchConfig } from '../config/dispatch-config';

export const DISPUTE_REVIEW_SETTINGS = Symbol('DISPUTE_REVIEW_SETTINGS');

export interface DisputeReviewSettings {
  arbitrationAfterReturns: number;
}

export function disputeReviewSettingsFrom(config: DispatchConfig): DisputeReviewSettings {
  return { arbitrationAfterReturns: config.DISPUTE_ARBITRATION_AFTER_RETURNS };
}
