export interface Progress {
  /** Clears the line on a terminal; safe to call more than once. */
  stop(): void;
}

/** The output a progress line needs; tests pass a fake terminal. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

const CLEAR_LINE = '\r\u001b[2K';

/**
 * A status line: on a terminal it is redrawn in place every `everyMs` (so it can count down) and erased
 * by `stop()`; elsewhere (a pipe, a log file) it is written once as a plain line.
 */
export function showProgress(stream: ProgressStream, text: () => string, everyMs = 1000): Progress {
  if (!stream.isTTY) {
    stream.write(`${text()}\n`);
    return { stop: () => undefined };
  }
  const draw = () => stream.write(`${CLEAR_LINE}${text()}`);
  draw();
  const timer = setInterval(draw, everyMs);
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      stream.write(CLEAR_LINE);
    },
  };
}

/** `9:05` for 545 seconds; `0:00` once past. */
export function minutesAndSeconds(totalSeconds: number): string {
  const seconds = Math.max(0, Math.ceil(totalSeconds));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
