import { spawn } from 'node:child_process';

export interface BrowserCommand {
  command: string;
  args: string[];
  /** Windows: the arguments are already quoted for cmd.exe. */
  verbatim: boolean;
}

/**
 * How to open a web page on this platform: `open` on macOS, `start` (through cmd.exe) on Windows,
 * `xdg-open` elsewhere. Only http(s) URLs are opened; anything else answers undefined.
 */
export function browserCommand(url: string, platform: NodeJS.Platform = process.platform): BrowserCommand | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const href = parsed.href;
  if (platform === 'darwin') return { command: 'open', args: [href], verbatim: false };
  if (platform === 'win32') {
    // `start` is a cmd.exe builtin (its first quoted argument is the window title); /s strips the outer
    // quotes, and cmd's metacharacters in the URL are escaped with ^ (a parsed href holds no `"`).
    return { command: 'cmd.exe', args: ['/d', '/s', '/c', `"start "" ${href.replace(/[&^|<>()%!]/g, '^$&')}"`], verbatim: true };
  }
  return { command: 'xdg-open', args: [href], verbatim: false };
}

/** How starting the opener went: `reason` says why it could not open the page (not found, failed at once…). */
export type BrowserLaunch = { opened: true } | { opened: false; reason: string };

/** How long an opener that started is watched for an early failure (xdg-open with no display exits at once). */
const earlyExitMs = 1000;

/**
 * Starts the opener for `url` without waiting for the browser, and answers once it is known to run (still running
 * after a moment, or done with status 0) or to have failed (missing, not executable, exited with an error at once).
 * Never rejects: a missing opener or a URL that is not http(s) only means the user follows the printed link.
 */
export function launchBrowser(url: string, platform: NodeJS.Platform = process.platform): Promise<BrowserLaunch> {
  const opener = browserCommand(url, platform);
  if (!opener) return Promise.resolve({ opened: false, reason: 'not an http(s) URL' });
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answer = (launch: BrowserLaunch) => {
      clearTimeout(timer);
      resolve(launch);
    };
    try {
      const child = spawn(opener.command, opener.args, {
        stdio: 'ignore',
        // Its own process group: Ctrl-C in the terminal must not reach the browser.
        detached: true,
        windowsHide: true,
        windowsVerbatimArguments: opener.verbatim,
      });
      child.once('spawn', () => {
        timer = setTimeout(() => answer({ opened: true }), earlyExitMs);
      });
      child.once('exit', (code, signal) => {
        if (code === 0) answer({ opened: true });
        else answer({ opened: false, reason: `${opener.command}: ${code === null ? `ended by ${signal ?? 'a signal'}` : `exited with ${code}`}` });
      });
      child.on('error', (error: NodeJS.ErrnoException) =>
        answer({ opened: false, reason: `${opener.command}: ${error.code === 'ENOENT' ? 'not found' : (error.code ?? error.message)}` }),
      );
      child.unref();
    } catch (error) {
      answer({ opened: false, reason: `${opener.command}: ${error instanceof Error ? error.message : String(error)}` });
    }
  });
}
