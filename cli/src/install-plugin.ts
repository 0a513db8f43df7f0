/**
 * `npm run install-plugin [-- --force]`: makes `docker mcp` run this CLI by linking
 * $DOCKER_CONFIG/cli-plugins/docker-mcp (default ~/.docker) to cli/bin/docker-mcp.
 */
import { PortalError } from './lib/errors.ts';
import { installPlugin } from './lib/install.ts';

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== '--force');
if (unknown.length > 0) {
  process.stderr.write(`Error: unknown argument ${unknown.join(' ')} (usage: npm run install-plugin [-- --force])\n`);
  process.exit(2);
}

try {
  const result = await installPlugin({ force: args.includes('--force') });
  const verb = { created: 'Installed', updated: 'Updated', unchanged: 'Already installed:' }[result.action];
  if (result.backup) process.stdout.write(`Moved the previous ${result.path} to ${result.backup}\n`);
  process.stdout.write(`${verb} ${result.path} -> ${result.target}\n`);
  process.stdout.write('Try it: docker mcp --help\n');
} catch (error) {
  process.stderr.write(`Error: ${error instanceof PortalError ? error.message : (error as Error).message}\n`);
  process.exit(1);
}
