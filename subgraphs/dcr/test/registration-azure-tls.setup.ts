import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup (the main process, before the worker forks): a self-signed certificate for 127.0.0.1 that the
 * workers trust through NODE_EXTRA_CA_CERTS (Node reads it only at start, so it cannot be set from a test file).
 * The local Entra ID, Graph and Key Vault servers of test/registration-azure*.test.ts serve it; the key's path is in
 * MCP_TEST_AZURE_TLS_KEY (cert.pem beside it). Nothing else changes: TLS verification stays on, the system's roots stay trusted.
 */
export default function setup(): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'mcp-dcr-azure-tls-'));
  const cert = join(folder, 'cert.pem');
  const key = join(folder, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'].concat([
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ]),
    { stdio: 'ignore' },
  );
  const before = { ca: process.env.NODE_EXTRA_CA_CERTS, key: process.env.MCP_TEST_AZURE_TLS_KEY };
  // Certificates already trusted this way stay trusted.
  const trusted = join(folder, 'trusted.pem');
  writeFileSync(trusted, [readFileSync(cert, 'utf8'), before.ca && existsSync(before.ca) ? readFileSync(before.ca, 'utf8') : ''].join('\n'));
  process.env.NODE_EXTRA_CA_CERTS = trusted;
  process.env.MCP_TEST_AZURE_TLS_KEY = key;
  return () => {
    if (before.ca === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = before.ca;
    if (before.key === undefined) delete process.env.MCP_TEST_AZURE_TLS_KEY;
    else process.env.MCP_TEST_AZURE_TLS_KEY = before.key;
    rmSync(folder, { recursive: true, force: true });
  };
}
