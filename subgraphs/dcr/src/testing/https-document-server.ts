import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HttpsDocumentServer {
  /** https://127.0.0.1:<port> */
  origin: string;
  /** The test certificate (PEM): what a client must trust. */
  ca: string;
  /** Paths served, and their JSON documents. */
  documents: Map<string, unknown>;
  close(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1 (openssl), valid for a day. */
function loopbackCertificate(): { key: string; cert: string } {
  const folder = mkdtempSync(join(tmpdir(), 'mcp-test-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ].concat(['-keyout', join(folder, 'key.pem'), '-out', join(folder, 'cert.pem')]),
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(folder, 'key.pem'), 'utf8'), cert: readFileSync(join(folder, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * JSON documents over https on a loopback port, with a fresh self-signed certificate: what a Client ID Metadata
 * Document needs (authorization servers fetch only https client ids).
 */
export async function startHttpsDocumentServer(): Promise<HttpsDocumentServer> {
  const { key, cert } = loopbackCertificate();
  const documents = new Map<string, unknown>();
  const server: Server = createServer({ key, cert }, (req, res) => {
    const document = documents.get(req.url?.split('?')[0] ?? '');
    if (document === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' }).end(JSON.stringify(document));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ca: cert,
    documents,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
