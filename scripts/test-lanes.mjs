// Runs every workspace package's vitest suite in lanes side by side (one unit at a time in each lane), as
// scripts/test.sh asks: `node scripts/test-lanes.mjs <log folder>`. A unit is a whole package, some of its test
// files, or the files of a package that no other unit names ("rest"), so that the longest suites can be split
// across lanes and the lanes balanced by measured durations. A package no lane names runs in the last lane, and a
// test file added later runs in its package's "rest" unit: nothing is ever left out.
// Each unit's output is printed at once when it ends, every line prefixed `@mcp-portal/<package>:test: `, and
// saved in the log folder; a failed unit adds a `Failed: @mcp-portal/<package>#test` line (what test-summary.mjs
// reads). Exits 1 when any unit failed.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';

/**
 * Three lanes: four kept two cores busier but made every suite about 1.3 times slower (lanes of 724–784 s against
 * 693–747 s for less work). Balanced by the files' durations in clean-clone runs on 2 cores (2026-12-02): the CLI's
 * five longest files 334 s and the rest of it about 290 s, the portal's five longest 261 s and the rest about 370 s,
 * platform 346 s, gateway-proxy 220 s, servers 213 s, kit 132 s, auth 61 s, dcr 45 s, config 25 s. Later the same day
 * (lanes of 794, 815 and 774 s) dcr moved to the third lane: its registration suites (issue 14) go where the
 * portal's new browser suite does not. The executor's suites (issue 15, about 30 s) go to the first lane: the CLI's and
 * the platform's new executor suites went to the other two. On 2026-12-03, once a stopping router no longer waited for
 * a cancelled run's tool call and the portal's suites shared one Chromium, the lanes took 420, 481 and 485 s (the
 * CLI's five 130 s and the rest 226 s, the portal's five 153 s and the rest 269 s, platform 208 s, servers 138 s,
 * gateway-proxy 102 s, kit 65 s, dcr 47 s, auth 22 s, executor 11 s, config 9 s): dcr moved back to the first lane.
 * Then the theme suite left PGlite and the lanes took 392, 415 and 367 s (the portal's rest 204 s, the CLI's rest 199 s,
 * platform 179 s, servers 118 s, gateway-proxy 94 s, kit 48 s, auth 18 s): gateway-proxy and kit with auth swapped lanes.
 * Later that day, on a slower machine, the lanes took 716, 731 and 673 s (the CLI's rest 441 s, the portal's five 230 s,
 * kit 42 s, auth 17 s; platform 257 s, gateway-proxy 219 s, servers 184 s): auth moved to the third lane.
 */
const lanes = [
  [
    { name: 'cli', files: ['test/tools.test.ts', 'test/gateway-local.test.ts', 'test/secrets-config.test.ts', 'test/build.test.ts', 'test/servers.test.ts'] },
    { name: 'web', rest: true },
    { name: 'config' },
    { name: 'executor' },
    { name: 'dcr' },
  ],
  [
    { name: 'cli', rest: true },
    {
      name: 'web',
      files: [
        'test/accessibility.browser.test.ts',
        'test/servers.browser.test.ts',
        'test/session.browser.test.ts',
        'test/tool-call.browser.test.ts',
        'test/first-run.browser.test.ts',
      ],
    },
    { name: 'kit' },
  ],
  [{ name: 'platform' }, { name: 'servers' }, { name: 'gateway-proxy' }, { name: 'auth' }],
];

const root = fileURLToPath(new URL('..', import.meta.url));
const logs = process.argv[2];
if (!logs) throw new Error('usage: node scripts/test-lanes.mjs <log folder>');

/** Every workspace package with a test script: its short name (the last path segment) → its folder. */
const packages = new Map();
for (const folder of JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces) {
  const manifest = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
  if (manifest.scripts?.test) packages.set(folder.split('/').at(-1), { folder, fullName: manifest.name });
}
for (const unit of lanes.flat()) {
  if (!packages.has(unit.name)) throw new Error(`scripts/test-lanes.mjs names ${unit.name}, which is no workspace package with a test script`);
}
const named = new Set(lanes.flat().map((unit) => unit.name));
for (const name of packages.keys()) if (!named.has(name)) lanes.at(-1).push({ name });

/** The vitest arguments of a unit: its files, or every file but those other units of its package name. */
function vitestArguments(unit) {
  if (unit.files) return unit.files;
  if (!unit.rest) return [];
  const claimed = lanes.flat().filter((other) => other.name === unit.name && other.files);
  return claimed.flatMap((other) => other.files.flatMap((file) => ['--exclude', file]));
}

const label = (unit) => (unit.files ? `${unit.name} (${unit.files.length} files)` : unit.rest ? `${unit.name} (the other files)` : unit.name);

function runUnit(unit, index) {
  const { folder, fullName } = packages.get(unit.name);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', 'test', '--silent', '--', ...vitestArguments(unit)], {
      cwd: join(root, folder),
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const prefix = `${fullName}:test: `;
      const lines = output.replace(/\n$/, '').split('\n');
      const status = code === 0 ? `passed in ${seconds} s` : `FAILED (exit ${code}) after ${seconds} s`;
      const text = [`${prefix}── ${label(unit)}, lane ${index + 1}: ${status}`, ...lines.map((line) => prefix + line)];
      if (code !== 0) text.push(` Failed:    ${fullName}#test`);
      const printed = `${text.join('\n')}\n`;
      process.stdout.write(printed);
      writeFileSync(join(logs, `lane-${index + 1}.log`), printed, { flag: 'a' });
      resolve(code === 0);
    });
  });
}

async function runLane(units, index) {
  const started = Date.now();
  let passed = true;
  for (const unit of units) passed = (await runUnit(unit, index)) && passed;
  const summary = `Lane ${index + 1} (${units.map(label).join(', ')}): ${passed ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s`;
  return { passed, summary };
}

const results = await Promise.all(lanes.map(runLane));
for (const { summary } of results) console.log(summary);
process.exit(results.every((result) => result.passed) ? 0 : 1);
