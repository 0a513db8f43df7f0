import { z } from 'zod';
import { parseInput } from '@mcp-portal/kit';

export const DEFAULT_CPUS = 1;
export const DEFAULT_MEMORY_BYTES = 512 * 1024 * 1024;

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'environment variable names are letters, digits and "_"');
const labelKey = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9._/-]+$/, 'label keys are letters, digits, ".", "_", "/" and "-"');

/**
 * What to run for one MCP server. `env` may hold secrets: it is handed to the engine or the child process
 * at create/spawn time only, and never logged, stored by the runtime or put into an error message.
 */
export const serverSpecSchema = z
  .object({
    serverId: z.uuid(),
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'server names are lower-case letters, digits, ".", "_" and "-"'),
    /** Container image (Docker runtime). */
    image: z.string().min(1).optional(),
    /** Executable (process runtime), or the command that replaces the image's CMD (Docker runtime). */
    command: z.string().min(1).optional(),
    args: z.array(z.string()).default([]),
    /** Working directory of a child process (process runtime). */
    cwd: z.string().min(1).optional(),
    env: z.record(envName, z.string()).default({}),
    cpus: z.number().positive().max(256).default(DEFAULT_CPUS),
    memoryBytes: z
      .number()
      .int()
      .min(6 * 1024 * 1024)
      .default(DEFAULT_MEMORY_BYTES),
    network: z.enum(['none', 'bridge']).default('none'),
    /** Container user; the Docker runtime runs as nobody (65534:65534) when unset. */
    user: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$/)
      .optional(),
    labels: z.record(labelKey, z.string()).default({}),
  })
  .refine((spec) => spec.image !== undefined || spec.command !== undefined, {
    message: 'a server needs an image or a command',
  });

export type ServerSpec = z.output<typeof serverSpecSchema>;
export type ServerSpecInput = z.input<typeof serverSpecSchema>;

/** Validates a spec coming from outside (catalog, API, config); a problem becomes a BAD_USER_INPUT error. */
export function parseServerSpec(input: unknown): ServerSpec {
  return parseInput(serverSpecSchema, input, 'server spec');
}
