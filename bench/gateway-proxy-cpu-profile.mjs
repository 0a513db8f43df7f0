/**
 * `--profile-dir` of the gateway-proxy bench: loaded with `--import` through NODE_OPTIONS (Node 20 refuses
 * --cpu-prof there) into the platform's process only (not the servers it starts). Each SIGUSR2 starts or stops
 * the CPU profiler (the bench: around its throughput slices); a stop writes a .cpuprofile (Chrome DevTools, speedscope) into MCP_BENCH_PROFILE_DIR, so
 * the bench profiles its measurements and nothing else (start-up, accounts, sign-ins).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import process from 'node:process';

const dir = process.env.MCP_BENCH_PROFILE_DIR;
if (dir && process.argv.some((arg) => arg.endsWith('platform/src/main.ts'))) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 100 });
  let running = false;
  let count = 0;
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      session.post('Profiler.start');
      return;
    }
    running = false;
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      count += 1;
      writeFileSync(join(dir, `platform-${process.pid}-${count}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
