export interface ServiceDefinition {
  name: 'intake' | 'classification' | 'dispatch' | 'execution' | 'feedback' | 'audit' | 'supervision' | 'assessment';
  port: number;
  /** Compiled entry file (`npm run build`), relative to the repository root. */
  main: string;
  description: string;
}

/** The eight services in start order (consumers before the producer that feeds them). */
export const SERVICE_DEFINITIONS: readonly ServiceDefinition[] = [
  { name: 'audit', port: 3006, main: 'dist/services/audit/src/main.js', description: 'lifecycle record, case view, timeline' },
  { name: 'assessment', port: 3008, main: 'dist/services/assessment/src/main.js', description: 'three rates, ranking, appeals, hotspots (考评, 每月一题)' },
  { name: 'classification', port: 3002, main: 'dist/services/classification/src/main.js', description: 'category, urgency, district' },
  { name: 'dispatch', port: 3003, main: 'dist/services/dispatch/src/main.js', description: 'routing catalogue, deadlines, agencies' },
  { name: 'supervision', port: 3007, main: 'dist/services/supervision/src/main.js', description: 'SLA clocks, warnings, breaches, escalation (督办)' },
  { name: 'execution', port: 3004, main: 'dist/services/execution/src/main.js', description: "units' queues, signing, feedback" },
  { name: 'feedback', port: 3005, main: 'dist/services/feedback/src/main.js', description: 'follow-up calls, closing, reopening' },
  { name: 'intake', port: 3001, main: 'dist/services/intake/src/main.js', description: 'POST /v1/cases' },
];
