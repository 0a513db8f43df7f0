import type Docker from 'dockerode';
import { z } from 'zod';
import { engineMessage, statusCodeOf } from './docker-errors.ts';
import { ImageNotFoundError } from './errors.ts';

export const DEFAULT_PULL_TIMEOUT_MS = 5 * 60_000;

const pullProgressSchema = z.object({ error: z.string().optional(), errorDetail: z.object({ message: z.string() }).partial().optional() }).loose();

/** Uses the image when the engine has it, else pulls it; throws ImageNotFoundError when it is still missing. */
export async function ensureImage(docker: Docker, image: string, timeoutMs = DEFAULT_PULL_TIMEOUT_MS): Promise<void> {
  if (await imageExists(docker, image)) return;
  let failure: string | undefined;
  try {
    failure = await pull(docker, image, timeoutMs);
  } catch (error) {
    failure = engineMessage(error);
  }
  if (!(await imageExists(docker, image))) throw new ImageNotFoundError(image, failure ?? 'the pull ended without it');
}

async function imageExists(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if (statusCodeOf(error) === 404) return false;
    throw error;
  }
}

/** Runs a pull to its end; returns the error the engine reported in the progress stream, if any. */
async function pull(docker: Docker, image: string, timeoutMs: number): Promise<string | undefined> {
  const stream = await docker.pull(image, { abortSignal: AbortSignal.timeout(timeoutMs) });
  const progress = await new Promise<unknown[]>((resolve, reject) => {
    docker.modem.followProgress(stream, (error, output) => (error ? reject(error) : resolve(output)));
  });
  for (const event of progress) {
    const parsed = pullProgressSchema.safeParse(event);
    const message = parsed.success ? (parsed.data.error ?? parsed.data.errorDetail?.message) : undefined;
    if (message) return message;
  }
  return undefined;
}
