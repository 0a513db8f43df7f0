import type { OAuthClientRow, OAuthClientStore } from '../store/oauth-clients.ts';

/** OAuth clients registered through RFC 7591: domain rules only; GraphQL and SQL live elsewhere. */
export class OAuthClientService {
  constructor(private readonly store: OAuthClientStore) {}

  list(): Promise<OAuthClientRow[]> {
    return this.store.list();
  }

  byClientId(clientId: string): Promise<OAuthClientRow | null> {
    return this.store.byClientId(clientId);
  }
}
