import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { BodyTooLargeError, readBody } from './body.ts';
import { sendJson } from './respond.ts';

const maxBodyBytes = 1024 * 1024;

/** Serves an Apollo Server on plain node:http, the integration Apollo documents for custom servers. */
export function apolloHandler<Context extends BaseContext>(
  server: ApolloServer<Context>,
  createContext: (req: IncomingMessage, res: ServerResponse) => Promise<Context>,
) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    let body: unknown;
    if (req.method === 'POST') {
      let text: string;
      try {
        text = await readBody(req, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendJson(res, 413, { errors: [{ message: error.message }] });
        throw error;
      }
      try {
        body = text.length > 0 ? JSON.parse(text) : undefined;
      } catch {
        return sendJson(res, 400, { errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      }
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => createContext(req, res),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
