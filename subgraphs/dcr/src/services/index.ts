import type { ServiceDeps } from '@mcp-portal/kit';
import { oauthClientStore } from '../store/oauth-clients.ts';
import { OAuthClientService } from './oauth-clients.ts';

export interface DcrServices {
  clients: OAuthClientService;
}

export async function createDcrServices({ database }: ServiceDeps): Promise<DcrServices> {
  return { clients: new OAuthClientService(oauthClientStore(database.db)) };
}
