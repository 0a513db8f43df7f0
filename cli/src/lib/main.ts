import type { Interfaces } from '@oclif/core';
import { pluginArgv, pluginMetadata } from './plugin.ts';
import { versionLine } from './version.ts';

/** Exit code and the line to print for an error that reached the top level. */
export function describeFailure(error: unknown): { exitCode: number; message: string | undefined } {
  const oclif = (error as { oclif?: { exit?: number } } | undefined)?.oclif;
  const exitCode = typeof oclif?.exit === 'number' ? oclif.exit : 1;
  // this.exit(n) is an ExitError: nothing to print.
  if ((error as { code?: string } | undefined)?.code === 'EEXIT') return { exitCode, message: undefined };
  const text = error instanceof Error ? error.message : String(error);
  return { exitCode, message: `Error: ${text}` };
}

/**
 * Entry point of `docker-mcp`: answers the Docker CLI plugin metadata probe and `--version` without
 * loading oclif (both from cli/package.json, like `docker mcp version`), strips the plugin name Docker
 * passes first, then runs the oclif commands: from src/commands when `root` is the CLI's URL (bin/run.ts), the
 * bundled ones when it is the prebuilt CLI's options (bin/run-built.ts).
 */
export async function main(argv: string[], root: Interfaces.LoadOptions): Promise<void> {
  if (argv[0] === 'docker-cli-plugin-metadata') {
    process.stdout.write(`${JSON.stringify(pluginMetadata(), null, 2)}\n`);
    return;
  }
  if (pluginArgv(argv)[0] === '--version') {
    process.stdout.write(`${versionLine()}\n`);
    return;
  }
  const { flush, run, settings } = await import('@oclif/core');
  // Under tsx src/commands/*.ts load as they are, and the prebuilt CLI is JavaScript: no tsconfig path mapping.
  settings.enableAutoTranspile = false;
  try {
    await run(pluginArgv(argv), root);
    await flush();
  } catch (error) {
    const { exitCode, message } = describeFailure(error);
    if (message) process.stderr.write(`${message}\n`);
    if (process.env.DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    await flush().catch(() => undefined);
    process.exit(exitCode);
  }
}
