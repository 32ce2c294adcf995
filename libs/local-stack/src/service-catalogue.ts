export interface ServiceDefinition {
  name: 'intake' | 'classification' | 'dispatch' | 'execution' | 'feedback' | 'audit';
  port: number;
  /** Entry file, relative to the repository root. */
  main: string;
  description: string;
}

/** The six services in start order (consumers before the producer that feeds them). */
export const SERVICE_DEFINITIONS: readonly ServiceDefinition[] = [
  { name: 'audit', port: 3006, main: 'services/audit/src/main.ts', description: 'lifecycle record, case view, timeline' },
  { name: 'intake', port: 3001, main: 'services/intake/src/main.ts', description: 'POST /v1/cases' },
];
