import { z } from 'zod';
import { sendJson, type RouteHandler } from '@mcp-portal/kit';
import { devicePaths } from '@mcp-portal/schema/contract';
import type { AuthServices } from '../services/index.ts';
import { publicOrigin, readInput, requireMethod } from './http.ts';
import { actorOf, jsonRoute } from './respond.ts';

export const deviceGrantType = 'urn:ietf:params:oauth:grant-type:device_code';

const codeRequestSchema = z.object({
  client_name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[\w .@:()/-]+$/, 'letters, digits and . @ : ( ) / - only')
    .optional(),
});
const tokenRequestSchema = z.object({
  grant_type: z.literal(deviceGrantType).optional(),
  device_code: z.string().min(10).max(200),
});

/**
 * RFC 8628 endpoints for `docker mcp login`: POST /auth/device/code starts a sign-in and names the page
 * to approve it on; POST /auth/device/token is polled until the user approved (answering an API token)
 * or denied it, or the code expired.
 */
export function deviceRoutes(services: AuthServices, fallbackOrigin: string): Record<string, RouteHandler> {
  return {
    [devicePaths.code]: jsonRoute(async (req, res) => {
      requireMethod(req, 'POST');
      const input = await readInput(req, codeRequestSchema);
      const code = await services.deviceLogin.request(input.client_name ?? 'docker mcp', actorOf(req).sourceIp);
      const verificationUri = `${publicOrigin(req, fallbackOrigin)}/device`;
      res.setHeader('cache-control', 'no-store');
      sendJson(res, 200, {
        device_code: code.deviceCode,
        user_code: code.userCode,
        verification_uri: verificationUri,
        verification_uri_complete: `${verificationUri}?${new URLSearchParams({ code: code.userCode }).toString()}`,
        expires_in: code.expiresIn,
        interval: code.interval,
      });
    }),
    [devicePaths.token]: jsonRoute(async (req, res) => {
      requireMethod(req, 'POST');
      const input = await readInput(req, tokenRequestSchema);
      const result = await services.deviceLogin.poll(input.device_code);
      res.setHeader('cache-control', 'no-store');
      if (result.status !== 'approved') return sendJson(res, 400, { error: result.status });
      sendJson(res, 200, { access_token: result.token, token_type: 'Bearer', api_token_id: result.apiTokenId });
    }),
  };
}
