import type { ServerResponse } from 'node:http';

/** An SSE stream whose client has read nothing for this long, while data waits for it, is closed. */
export const stalledStreamMs = 60_000;

/**
 * Bounds what a client that stops reading an open stream costs: the SDK's transports write without
 * backpressure, so once the socket's buffers are full, what is sent to that client waits in memory. When the
 * response has needed draining (its buffer full) for `stallMs` without a drain, it is destroyed: the
 * connection closes, the memory is freed, and a Streamable HTTP client resumes with Last-Event-ID from the
 * session's (bounded) event store.
 */
export function closeWhenStalled(res: ServerResponse, stallMs = stalledStreamMs): void {
  let progressAt = Date.now();
  const onDrain = () => (progressAt = Date.now());
  res.on('drain', onDrain);
  const timer = setInterval(
    () => {
      if (!res.writableNeedDrain) progressAt = Date.now();
      else if (Date.now() - progressAt >= stallMs) res.destroy();
    },
    Math.max(50, Math.min(5_000, stallMs / 4)),
  );
  timer.unref();
  res.once('close', () => {
    clearInterval(timer);
    res.off('drain', onDrain);
  });
}
