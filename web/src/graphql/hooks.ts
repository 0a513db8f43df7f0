import { useSyncExternalStore } from 'react';
import type { LiveState } from './client.ts';
import { useSession } from './provider.tsx';

export { useSession } from './provider.tsx';

/** The state of the graphql-ws connection that carries subscriptions. */
export function useLiveConnection(): LiveState {
  const { portal } = useSession();
  return useSyncExternalStore(portal.live.subscribe, () => portal.live.state);
}
