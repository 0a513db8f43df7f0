import { randomUUID } from 'node:crypto';
import type { OAuthPrincipal } from './contract.ts';
import { principalKey, type ClientRecord, type ConnectionPatch, type ConnectionRecord, type StateRecord, type UpstreamOAuthStore } from './store.ts';

/** The store in memory, for one process (the conformance wrapper, tests): the same behaviour as the Postgres one. */
export function createMemoryUpstreamOAuthStore(): UpstreamOAuthStore {
  const connections = new Map<string, ConnectionRecord>();
  const clients = new Map<string, ClientRecord>();
  const states = new Map<string, StateRecord>();
  const locks = new Map<string, Promise<unknown>>();
  const copy = (record: ConnectionRecord): ConnectionRecord => structuredClone(record);
  const find = (serverId: string, principal: OAuthPrincipal) =>
    [...connections.values()].find((record) => record.serverId === serverId && principalKey(record.principal) === principalKey(principal));

  return {
    async connection(serverId, principal) {
      const found = find(serverId, principal);
      return found ? copy(found) : null;
    },
    async connectionById(id) {
      const found = connections.get(id);
      return found ? copy(found) : null;
    },
    async connections(filter) {
      return [...connections.values()]
        .filter((record) => filter.serverId === undefined || record.serverId === filter.serverId)
        .filter((record) => filter.userId === undefined || (record.principal.kind === 'user' && record.principal.userId === filter.userId))
        .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())
        .map(copy);
    },
    async ensureConnection(serverId, principal, serverUrl) {
      const found = find(serverId, principal);
      if (found) {
        found.serverUrl = serverUrl;
        return copy(found);
      }
      const record: ConnectionRecord = {
        id: randomUUID(),
        serverId,
        principal,
        serverUrl,
        issuer: null,
        status: 'needs_authorization',
        scopes: [],
        expiresAt: null,
        lastError: null,
        authorizedBy: null,
        sealedTokens: null,
        discovery: null,
        stepUps: 0,
        updatedAt: new Date(),
      };
      connections.set(record.id, record);
      return copy(record);
    },
    async updateConnection(id: string, patch: ConnectionPatch) {
      const found = connections.get(id);
      if (!found) throw new Error(`No OAuth connection ${id}.`);
      const updated = { ...found, ...structuredClone(patch), updatedAt: new Date() };
      connections.set(id, updated);
      return copy(updated);
    },
    async client(issuer) {
      return clients.get(issuer) ?? null;
    },
    async saveClient(record) {
      clients.set(record.issuer, { ...record });
    },
    async deleteClient(issuer) {
      clients.delete(issuer);
    },
    async saveState(record) {
      for (const [hash, state] of states) if (state.expiresAt.getTime() < Date.now()) states.delete(hash);
      states.set(record.stateHash, { ...record });
    },
    async takeState(stateHash, userId) {
      const found = states.get(stateHash);
      if (!found) return null;
      if (found.userId !== userId) return 'startedByAnotherUser';
      states.delete(stateHash);
      return found;
    },
    async withConnectionLock(connectionId, work) {
      const before = locks.get(connectionId) ?? Promise.resolve();
      const run = before.then(work, work);
      const settled = run.catch(() => undefined);
      locks.set(connectionId, settled);
      try {
        return await run;
      } finally {
        if (locks.get(connectionId) === settled) locks.delete(connectionId);
      }
    },
  };
}
