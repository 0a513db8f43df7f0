import type { ServerResponse } from 'node:http';
import { ClientLeftError } from '../errors.ts';

/**
 * A signal aborted when the connection closes before the response was sent in full: the client left (a CLI
 * stopped with Ctrl-C, a closed tab, the router cancelling for its own client), so the work done for it can stop.
 */
export function abortedWhenClientLeaves(res: ServerResponse): AbortSignal {
  const left = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) left.abort(new ClientLeftError('The client left before its answer.'));
  });
  return left.signal;
}
