import { useEffect, useRef, useState } from 'react';
import type { ServerStatus } from '../graphql/servers-hooks.ts';

/**
 * Tells screen readers when a server's status changes (live updates change badges silently otherwise):
 * "memory is now running." in a polite live region. The first list is only remembered.
 */
export function StatusAnnouncer({ servers }: { servers: readonly { id: string; name: string; status: ServerStatus }[] }) {
  const previous = useRef<Map<string, ServerStatus> | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    const before = previous.current;
    previous.current = new Map(servers.map((s) => [s.id, s.status]));
    if (!before) return;
    const changes = servers.filter((s) => before.has(s.id) && before.get(s.id) !== s.status).map((s) => `${s.name} is now ${s.status.toLowerCase()}.`);
    if (changes.length > 0) setMessage(changes.join(' '));
  }, [servers]);
  return (
    <p className="visually-hidden" role="status" aria-live="polite" data-testid="status-announcement">
      {message}
    </p>
  );
}
