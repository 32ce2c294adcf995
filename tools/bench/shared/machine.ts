import { cpus, totalmem } from 'node:os';
import { z } from 'zod';

export const machineSchema = z.object({
  cpuModel: z.string(),
  cores: z.number(),
  ramGiB: z.number(),
  node: z.string(),
  kafka: z.string(),
  postgres: z.string(),
});
export type Machine = z.infer<typeof machineSchema>;

export function describeMachine(versions: { kafka: string; postgres: string }): Machine {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    ...versions,
  };
}

export function formatMachine(machine: Machine): string {
  return `${machine.cores} × ${machine.cpuModel}, ${machine.ramGiB} GiB RAM, Node ${machine.node}, Kafka ${machine.kafka}, PostgreSQL ${machine.postgres}`;
}
