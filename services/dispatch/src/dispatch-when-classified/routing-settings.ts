import type { DispatchConfig } from '../config/dispatch-config';

/** How sure a classification must be to route a case without a dispatcher. */
export interface RoutingSettings {
  readonly minimumConfidence: number;
}

export const ROUTING_SETTINGS = Symbol('ROUTING_SETTINGS');

export const routingSettingsFrom = (config: DispatchConfig): RoutingSettings => ({ minimumConfidence: config.MANUAL_DISPATCH_BELOW_CONFIDENCE });
