export interface FactSettings {
  monthUtcOffsetMinutes: number;
}

export const FACT_SETTINGS = Symbol('FACT_SETTINGS');
