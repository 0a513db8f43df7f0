// Prints, after a red `npm test`, what failed: the formatting, the turbo tasks that failed and, for each failing
// vitest suite, its failing tests with their first error lines. The full logs stay in the folder it names.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const folder = process.argv[2];
const errorLinesPerTest = 6;
const testsPerPackage = 8;

const read = (name) => stripVTControlCharacters(readFileSync(join(folder, name), 'utf8')).split('\n');
const withoutPrefix = (line) => line.replace(/^@mcp-portal\/[a-z-]+:[a-z]+: ?/, '');

const report = ['', '━━━ npm test failed; what failed ━━━'];
const format = read('format.log').filter((line) => line.trim() !== '');
if (format.length > 0) report.push('Formatting (prettier --check):', ...format.slice(0, 10).map((l) => `  ${l}`));

for (const name of readdirSync(folder)
  .filter((file) => file.endsWith('.log') && file !== 'format.log')
  .sort()) {
  const lines = read(name);
  const failedTasks = lines.filter((line) => /^\s*Failed:\s+\S+#\S+/.test(line)).map((line) => line.trim());
  if (failedTasks.length === 0 && !lines.some((line) => /ERROR\s+run failed/.test(line))) continue;
  report.push(`${name.replace(/\.log$/, '')}: ${failedTasks.map((task) => task.replace(/^Failed:\s+/, '')).join(', ') || 'failed'}`);
  for (const task of failedTasks) {
    const packageName = task.replace(/^Failed:\s+/, '').split('#')[0];
    const own = lines.filter((line) => line.startsWith(`${packageName}:`)).map(withoutPrefix);
    const failures = [];
    for (let i = 0; i < own.length && failures.length < testsPerPackage; i++) {
      if (/^\s*FAIL\s/.test(own[i])) {
        const errors = [];
        for (let j = i + 1; j < own.length && errors.length < errorLinesPerTest; j++) {
          if (/^\s*FAIL\s|⎯⎯⎯/.test(own[j])) break;
          if (own[j].trim() !== '') errors.push(`      ${own[j].trim().slice(0, 200)}`);
        }
        failures.push(`    ${own[i].trim()}`, ...errors);
      }
    }
    if (failures.length > 0) report.push(...failures);
    else
      report.push(
        ...own
          .filter((line) => /error|Error|✗|×/.test(line))
          .slice(-10)
          .map((l) => `    ${l.trim().slice(0, 200)}`),
      );
  }
}
report.push(`Full logs: ${folder}`);
console.log(report.join('\n'));
