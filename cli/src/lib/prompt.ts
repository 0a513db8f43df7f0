import { createInterface } from 'node:readline/promises';
import { PortalError } from './errors.ts';

/** The parts of a TTY input stream the prompts use; tests pass a fake. */
export interface PromptInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

export interface PromptStreams {
  input: PromptInput;
  /** Prompts go to stderr so that `--json` output on stdout stays clean. */
  output: NodeJS.WritableStream;
}

const defaultStreams = (): PromptStreams => ({ input: process.stdin, output: process.stderr });

/** Reads one visible line from a terminal. */
export async function promptLine(question: string, streams: PromptStreams = defaultStreams()): Promise<string> {
  if (!streams.input.isTTY) throw new PortalError(`Cannot prompt for "${question.replace(/[:\s]+$/, '')}": stdin is not a terminal.`);
  const rl = createInterface({ input: streams.input, output: streams.output, terminal: true });
  // Ctrl-C or Ctrl-D would otherwise only pause the prompt and leave the process waiting forever.
  const cancel = new AbortController();
  rl.once('SIGINT', () => cancel.abort());
  rl.once('close', () => cancel.abort());
  try {
    return (await rl.question(question, { signal: cancel.signal })).trim();
  } catch (error) {
    if (cancel.signal.aborted) throw new PortalError('Cancelled.');
    throw error;
  } finally {
    rl.close();
  }
}

/** Reads a secret from a terminal in raw mode, echoing nothing. Ctrl-C cancels. */
export function promptHidden(question: string, streams: PromptStreams = defaultStreams()): Promise<string> {
  const { input, output } = streams;
  if (!input.isTTY || typeof input.setRawMode !== 'function') {
    return Promise.reject(new PortalError('Cannot prompt for a password: stdin is not a terminal. Use --password-stdin.'));
  }
  const setRawMode = input.setRawMode.bind(input);
  // Raw mode before the prompt appears, so that nothing typed after it is echoed by the terminal.
  setRawMode(true);
  output.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      input.removeListener('data', onData);
      setRawMode(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new PortalError('Cancelled.'));
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}

/** Reads all of stdin (for `--password-stdin`), dropping one trailing newline like `docker login`. */
export async function readAllStdin(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
