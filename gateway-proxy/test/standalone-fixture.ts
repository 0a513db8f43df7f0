import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { remoteTokenVerifier, tokenAudience, tokenIssuer, type TokenVerifier } from '@mcp-portal/kit';

/** The auth subgraph's part for the proxy on its own and the subgraphs beside it: a JWKS on a port of its own, and JWTs it verifies. */
export interface TestJwks {
  /** The JWKS URL (AUTH_JWKS_URL). */
  url: string;
  verifier: TokenVerifier;
  jwtFor(role: 'admin' | 'operator'): Promise<string>;
  close(): Promise<void>;
}

export async function startTestJwks(): Promise<TestJwks> {
  const kid = randomUUID();
  const pair = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(pair.publicKey)), kid, alg: 'ES256' };
  const server = createServer((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  return {
    url,
    verifier: remoteTokenVerifier(url),
    jwtFor: (role) =>
      new SignJWT({ email: `${role}@example.test`, role })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setSubject(randomUUID())
        .setIssuer(tokenIssuer)
        .setAudience(tokenAudience)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + 600)
        .sign(pair.privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
