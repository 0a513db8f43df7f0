import { z } from 'zod';
import { internalPostRoute, roles, type RouteHandler } from '@mcp-portal/kit';
import type { ConfigServices } from '../services/index.ts';
import { settingsSpecSchema } from '../services/settings-spec-source.ts';

/** The largest body: 100 values and 100 secrets of 64 KiB each, and room for the rest. */
export const maxInitialSettingsBytes = 16 * 1024 * 1024;

const actorSchema = z.object({
  viewer: z.object({ userId: z.string().min(1), email: z.string(), role: z.enum(roles) }),
  requestId: z.string(),
  sourceIp: z.string().nullable(),
});

const applySchema = z.object({
  serverId: z.string().uuid(),
  spec: settingsSpecSchema,
  config: z.record(z.string(), z.unknown()),
  secrets: z.record(z.string(), z.string()),
  requireComplete: z.boolean(),
  actor: actorSchema,
});

const withdrawSchema = z.object({ serverId: z.string().uuid(), actor: actorSchema });

/**
 * POST /internal/initial-settings → {"values": n, "secrets": n}: stores the settings of a server being enabled,
 * all or nothing; 422 with `code: BAD_USER_INPUT` and the problems in `details` when they are refused. Only
 * answers requests signed by another process of this deployment (the servers subgraph, which checked the
 * caller's role); the body is never logged.
 */
export function initialSettingsHandler(services: ConfigServices): RouteHandler {
  return internalPostRoute(services.internalKey, applySchema, (request) => services.initialSettings.apply(request), { maxBytes: maxInitialSettingsBytes });
}

/** POST /internal/initial-settings/withdraw → {"values": n, "secrets": n}: removes them again (the enabling failed). */
export function initialSettingsWithdrawHandler(services: ConfigServices): RouteHandler {
  return internalPostRoute(services.internalKey, withdrawSchema, (request) => services.initialSettings.withdraw(request), { maxBytes: 64 * 1024 });
}
