/**
 * Entry of the prebuilt CLI (cli/dist/<build>/run.js, made by scripts/build.ts), which bin/docker-mcp runs with
 * plain node: the same main() as bin/run.ts, but oclif reads the commands from the build's oclif.manifest.json
 * and imports only the bundled file of the command that runs (commands/<topic>/<name>.js next to this file).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Interfaces } from '@oclif/core';
import { main } from '../src/lib/main.ts';

const buildDir = fileURLToPath(new URL('.', import.meta.url));
// cli/package.json, read at run time like the unbuilt CLI does (its topics, name and version).
const pjson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Interfaces.PJSON;

await main(process.argv.slice(2), { root: buildDir, pjson: { ...pjson, oclif: { ...pjson.oclif, commands: './commands' } } });
