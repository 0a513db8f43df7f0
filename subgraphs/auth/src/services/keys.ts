import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK, type CryptoKey } from 'jose';
import { localTokenVerifier, tokenAudience, tokenIssuer, type SecretBox, type TokenVerifier, type Viewer } from '@mcp-portal/kit';
import type { SigningKeyRow, SigningKeyStore } from '../store/signing-keys.ts';

const algorithm = 'ES256';
const reloadEveryMs = 30_000;
/** A failed local verification may reload the keys (a replica may have rotated), at most this often. */
const reloadOnFailureEveryMs = 5_000;

/** What a user granted a client of the platform's authorization server: the token is for `audience` only. */
export interface OAuthClientGrant {
  clientId: string;
  audience: string;
  scope: string;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

const sealContext = (kid: string) => `auth.signing_keys:${kid}`;

/**
 * The JWT signing keys, shared through the database by every auth replica. The newest key signs; every
 * key still able to have live tokens stays in the published JWKS, so rotating logs nobody out. A key
 * superseded longer ago than the longest token lifetime is dropped. Private halves are stored sealed
 * under the master key (bound to their kid), never in clear. Replicas re-read the keys every 30 s.
 */
export class TokenIssuer {
  private active: { kid: string; privateKey: CryptoKey } | null = null;
  private keySet: JSONWebKeySet = { keys: [] };
  /** Verifies against keySet; made again only when the keys change, so that each key is imported once, not per token. */
  private keySetVerifier: TokenVerifier = localTokenVerifier(this.keySet);
  private timer: NodeJS.Timeout | null = null;
  private lastFailureReload = 0;

  private constructor(
    private readonly store: SigningKeyStore,
    private readonly secrets: SecretBox,
    private readonly ttlSeconds: number,
  ) {}

  static async load(store: SigningKeyStore, ttlSeconds: number, secrets: SecretBox): Promise<TokenIssuer> {
    const issuer = new TokenIssuer(store, secrets, ttlSeconds);
    if ((await store.all()).length === 0) await issuer.createKey({ onlyIfNone: true });
    await issuer.reload();
    issuer.timer = setInterval(() => void issuer.reload().catch(() => undefined), reloadEveryMs);
    issuer.timer.unref();
    return issuer;
  }

  get jwks(): JSONWebKeySet {
    return this.keySet;
  }

  get activeKid(): string {
    if (!this.active) throw new Error('No signing key is loaded.');
    return this.active.kid;
  }

  /** Starts signing with a new key; tokens signed with the previous ones stay valid until they expire. */
  async rotate(): Promise<string> {
    const kid = await this.createKey();
    await this.reload();
    return kid;
  }

  async reload(now = Date.now()): Promise<void> {
    const rows = await this.store.all(); // oldest first
    const newest = rows.at(-1);
    if (!newest) throw new Error('No signing key is stored.');
    const live: SigningKeyRow[] = [];
    for (const [index, row] of rows.entries()) {
      const supersededAt = rows[index + 1]?.createdAt.getTime();
      if (supersededAt !== undefined && supersededAt + this.ttlSeconds * 1000 < now) await this.store.delete(row.kid);
      else live.push(row);
    }
    if (this.active?.kid !== newest.kid) this.active = { kid: newest.kid, privateKey: await this.privateKeyOf(newest) };
    const keySet: JSONWebKeySet = { keys: live.map((row) => JSON.parse(row.publicJwk) as JWK) };
    if (JSON.stringify(keySet) !== JSON.stringify(this.keySet)) {
      this.keySet = keySet;
      this.keySetVerifier = localTokenVerifier(keySet);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * `tokenId` marks a JWT obtained by exchanging an API token; `executionId` one the executor gave the CLI of a run. `client` makes an OAuth access token for one
   * resource (RFC 9068: `at+jwt`, `client_id`, `scope`, the resource as `aud`), accepted only there.
   */
  async issue(viewer: Viewer, options: { ttlSeconds?: number; tokenId?: string; client?: OAuthClientGrant; executionId?: string } = {}): Promise<IssuedToken> {
    if (!this.active) throw new Error('No signing key is loaded.');
    const expiresAt = new Date(Date.now() + (options.ttlSeconds ?? this.ttlSeconds) * 1000);
    const { client } = options;
    const claims = {
      email: viewer.email,
      role: viewer.role,
      ...(options.tokenId ? { tid: options.tokenId } : {}),
      ...(options.executionId ? { execution_id: options.executionId } : {}),
      ...(client ? { client_id: client.clientId, scope: client.scope, jti: randomUUID() } : {}),
    };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: algorithm, kid: this.active.kid, typ: client ? 'at+jwt' : 'JWT' })
      .setSubject(viewer.userId)
      .setIssuer(tokenIssuer)
      .setAudience(client?.audience ?? tokenAudience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.active.privateKey);
    return { token, expiresAt };
  }

  /** Verifies against the current keys; a failure may be a key another replica just created, so reload once. */
  verifier(): TokenVerifier {
    return {
      verify: async (token, options) => {
        try {
          return await this.keySetVerifier.verify(token, options);
        } catch (error) {
          if (Date.now() - this.lastFailureReload < reloadOnFailureEveryMs) throw error;
          this.lastFailureReload = Date.now();
          await this.reload();
          return this.keySetVerifier.verify(token, options);
        }
      },
    };
  }

  /** A new signing key, stored; `onlyIfNone`: the first one, unless another replica stored one first. */
  private async createKey(options: { onlyIfNone?: boolean } = {}): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true });
    const kid = randomUUID();
    const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: algorithm, use: 'sig' };
    const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: algorithm };
    const row = { kid, algorithm, privateJwk: this.secrets.seal(JSON.stringify(privateJwk), sealContext(kid)), publicJwk: JSON.stringify(publicJwk) };
    if (options.onlyIfNone) await this.store.insertFirst(row);
    else await this.store.insert(row);
    return kid;
  }

  private async privateKeyOf(row: SigningKeyRow): Promise<CryptoKey> {
    let text: string;
    if (row.privateJwk.startsWith('{')) {
      // Written by a version that stored it in clear: seal it now.
      text = row.privateJwk;
      await this.store.setPrivateJwk(row.kid, this.secrets.seal(text, sealContext(row.kid)));
    } else {
      text = this.secrets.open(row.privateJwk, sealContext(row.kid));
    }
    return (await importJWK(JSON.parse(text) as JWK, row.algorithm)) as CryptoKey;
  }
}
