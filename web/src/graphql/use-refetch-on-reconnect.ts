import { useEffect, useRef } from 'react';
import { useLiveConnection } from './hooks.ts';

/** Refetches `refetch` whenever the live connection comes back after a drop (events may have been missed). */
export function useRefetchOnReconnect(refetch: () => unknown): void {
  const live = useLiveConnection();
  const wasConnected = useRef(false);
  const refetchRef = useRef(refetch);
  refetchRef.current = refetch;
  useEffect(() => {
    if (live !== 'connected') return;
    if (wasConnected.current) void Promise.resolve(refetchRef.current()).catch(() => undefined);
    wasConnected.current = true;
  }, [live]);
}
