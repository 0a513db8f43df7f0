import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSubgraphHarness, type SubgraphHarness } from '@mcp-portal/kit/testing';
import { serversSubgraph, type ServersServices } from '../src/index.ts';
import { aliasAmplified } from './yaml-documents.ts';

/** A legitimate catalog large enough that reading it takes a while: the subgraph must keep answering meanwhile. */
function largeCatalog(entries: number): string {
  const lines = ['registry:'];
  for (let i = 0; i < entries; i++) {
    lines.push(
      `  large-${i}:`,
      `    title: Server ${i}`,
      `    description: A server that does useful things, number ${i}, with a longer text to read here`,
      `    image: mcp/large-${i}`,
      '    tags: [alpha, beta, gamma]',
      '    env:',
      `      - name: FOO_${i}`,
      `        value: "{{large-${i}.foo}}"`,
    );
  }
  return `${lines.join('\n')}\n`;
}
const largeEntries = 6_000;

let harness: SubgraphHarness<ServersServices>;
let token: string;
let host: Server;
let base: string;
let largeSent: () => void = () => undefined;

beforeAll(async () => {
  const bodies: Record<string, string> = { '/aliases.yaml': aliasAmplified(), '/large.yaml': largeCatalog(largeEntries) };
  host = createServer((req, res) => {
    const body = bodies[req.url ?? ''];
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/yaml' });
    res.end(body, () => {
      if (req.url === '/large.yaml') largeSent();
    });
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  harness = await startSubgraphHarness(serversSubgraph, { env: { MCP_CATALOG_IMPORT_ALLOW_HOSTS: '127.0.0.1' } });
  token = await harness.tokens.tokenFor(harness.tokens.viewer('operator'));
});
afterAll(async () => {
  host?.closeAllConnections();
  await new Promise((resolve) => host?.close(resolve));
  await harness?.close();
});

const importUrl = (url: string) =>
  harness.request<{ importCatalog: { imported: number } }>('mutation($url: String) { importCatalog(url: $url) { imported } }', { url }, token);

describe('the work of one import is bounded', () => {
  it('refuses the alias-amplified catalog of issue 9 with a clear error', { timeout: 20_000 }, async () => {
    const result = await importUrl(`${base}/aliases.yaml`);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/^Not an MCP catalog: \d+:\d+: the catalog has more than 10000 YAML aliases/);
  });

  it('answers /health and queries while a large catalog is being read', { timeout: 60_000 }, async () => {
    const order: string[] = [];
    // The import reads YAML in a worker thread: note when that worker ends.
    const onWorker = (worker: Worker) => worker.once('exit', () => order.push('reading done'));
    process.on('worker', onWorker);
    try {
      const sent = new Promise<void>((resolve) => (largeSent = resolve));
      const importing = importUrl(`${base}/large.yaml`).then((result) => {
        order.push('import answered');
        return result;
      });
      await sent; // the whole catalog has left the host: the subgraph is reading it now
      const health = await fetch(`${harness.subgraph.url}/health`);
      order.push(`health ${health.status}`);
      const query = await harness.request<{ catalog: { totalCount: number } }>('{ catalog(first: 1) { totalCount } }', {}, token);
      order.push(query.data ? 'query answered' : 'query failed');
      const result = await importing;
      expect(result.errors).toBeUndefined();
      expect(result.data?.importCatalog.imported).toBe(largeEntries);
      expect(order).toEqual(['health 200', 'query answered', 'reading done', 'import answered']);
    } finally {
      process.off('worker', onWorker);
    }
  });
});
