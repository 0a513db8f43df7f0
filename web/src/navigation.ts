import { useSyncExternalStore } from 'react';

/**
 * A tiny client-side router over the History API: the path is the state, `navigate` pushes a new one
 * and every `usePath` re-renders. The router serves index.html for unknown paths, so deep links and
 * reloads land on the same page.
 */

export const paths = {
  servers: '/',
  tokens: '/tokens',
  users: '/users',
  audit: '/audit',
} as const;

export type PagePath = (typeof paths)[keyof typeof paths];

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

export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

export function navigate(path: string): void {
  if (path === currentPath()) return;
  window.history.pushState(null, '', path);
  window.scrollTo(0, 0);
  notify();
}
