import { useSyncExternalStore } from 'react';

/**
 * A tiny client-side router over the History API: the path is the state, `navigate` pushes a new one
 * and every `usePath` re-renders. The router serves index.html for unknown paths, so deep links and
 * reloads land on the same page.
 */

export const paths = {
  servers: '/',
  /** The catalog; one entry at `/catalog/<name>` (see catalogEntryPath). */
  catalog: '/catalog',
  tokens: '/tokens',
  users: '/users',
  audit: '/audit',
  /** Approving a `docker mcp login`; the CLI links to `/device?code=ABCD-EFGH`. */
  device: '/device',
  /** How to connect MCP clients to the gateway (snippets, the gateway-proxy URL, the CLI command). */
  connect: '/connect',
} as const;

export type PagePath = (typeof paths)[keyof typeof paths];

/** The prefix of a server's page, `/servers/<id>`. */
export const serverPathPrefix = '/servers';

/** One enabled server's page. */
export function serverPath(id: string): string {
  return `${serverPathPrefix}/${encodeURIComponent(id)}`;
}

/** One catalog entry's page (details and the enable form). */
export function catalogEntryPath(name: string): string {
  return `${paths.catalog}/${encodeURIComponent(name)}`;
}

/** The last segment of `path` when it is `<prefix>/<segment>`, decoded; null otherwise. */
export function pathParameter(path: string, prefix: string): string | null {
  if (!path.startsWith(`${prefix}/`)) return null;
  const rest = path.slice(prefix.length + 1);
  if (!rest || rest.includes('/')) return null;
  try {
    return decodeURIComponent(rest);
  } catch {
    return null;
  }
}

/** The change-password section of the tokens page. */
export const changePasswordAnchor = 'change-password';

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) window.addEventListener('popstate', notify);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('popstate', notify);
  };
}

/** The current path, without a trailing slash (except for the root). */
function currentPath(): string {
  const path = window.location.pathname;
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

const currentHash = () => window.location.hash;

export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

/** The `#fragment` of the address, with its `#` (or an empty string). */
export function useHash(): string {
  return useSyncExternalStore(subscribe, currentHash);
}

/** Goes to a path of the portal (with an optional `?query` and `#fragment`) without reloading. */
export function navigate(to: string): void {
  const { pathname, search, hash } = window.location;
  if (to === `${pathname}${search}${hash}`) return;
  window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  notify();
}

/** A query parameter of the current address. */
export function queryParameter(name: string): string | null {
  return new URLSearchParams(window.location.search).get(name);
}

/** The path and query of an address without one parameter. */
function addressWithout(name: string, location: { pathname: string; search: string } = window.location): string {
  const query = new URLSearchParams(location.search);
  query.delete(name);
  const search = query.toString();
  return `${location.pathname}${search ? `?${search}` : ''}`;
}

const currentAddress = () => `${window.location.pathname}${window.location.search}`;

/** The current path and query without one parameter: where to come back to after leaving the portal. */
export function useAddressWithout(name: string): string {
  const address = useSyncExternalStore(subscribe, currentAddress);
  return addressWithout(name, new URL(address, window.location.origin));
}

/** Sets (or, with an empty value, drops) a query parameter without a new history entry: a search box's text. */
export function replaceQueryParameter(name: string, value: string): void {
  const query = new URLSearchParams(window.location.search);
  if (value) query.set(name, value);
  else query.delete(name);
  const search = query.toString();
  const to = `${window.location.pathname}${search ? `?${search}` : ''}${window.location.hash}`;
  if (to !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(window.history.state, '', to);
}

/** Drops a query parameter from the address bar without a new history entry (a message shown once). */
export function removeQueryParameter(name: string): void {
  if (queryParameter(name) === null) return;
  window.history.replaceState(window.history.state, '', `${addressWithout(name)}${window.location.hash}`);
}
