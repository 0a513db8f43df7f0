import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {}

/**
 * A request's body as UTF-8 text, refused with BodyTooLargeError as soon as it passes `limitBytes` (what
 * is still coming is read and dropped, so the refusal can be answered). Read from the stream's events:
 * an async iterator per request costs more than the rest of a small request's reading.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (req.readableEnded) return resolve('');
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) return void chunks.push(chunk);
      stop();
      req.resume();
      reject(new BodyTooLargeError(`Request body is larger than ${limitBytes} bytes.`));
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const onClose = () => {
      stop();
      reject(new Error('The request was closed before its body was read.'));
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('close', onClose);
  });
}
