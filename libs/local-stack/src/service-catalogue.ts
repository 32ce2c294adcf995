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
  { name: 'classification', port: 3002, main: 'services/classification/src/main.ts', description: 'category, urgency, district' },
  { name: 'dispatch', port: 3003, main: 'services/dispatch/src/main.ts', description: 'routing catalogue, deadlines, agencies' },
  { name: 'execution', port: 3004, main: 'services/execution/src/main.ts', description: "units' queues, signing, feedback" },
  { name: 'feedback', port: 3005, main: 'services/feedback/src/main.ts', description: 'follow-up calls, closing, reopening' },
  { name: 'intake', port: 3001, main: 'services/intake/src/main.ts', description: 'POST /v1/cases' },
];
