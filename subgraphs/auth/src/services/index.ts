import { readSettings, type ServiceFactoryDeps } from '@mcp-portal/kit';
import { z } from 'zod';
import { signingKeyStore } from '../store/signing-keys.ts';
import { TokenIssuer } from './keys.ts';
import { UserService } from './users.ts';
import { AuditEventService } from './audit-events.ts';

export interface AuthServices {
  users: UserService;
  issuer: TokenIssuer;
  auditEvents: AuditEventService;
}

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

export const authSettings = {
  MCP_ADMIN_EMAIL: z.preprocess(emptyAsUndefined, z.string().email().default('admin@localhost')),
  MCP_ADMIN_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(8, 'use at least 8 characters').optional()),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(12 * 3600),
};

export async function createAuthServices({ database, logger, audit }: ServiceFactoryDeps): Promise<AuthServices> {
  const settings = readSettings(authSettings);
  const issuer = await TokenIssuer.load(signingKeyStore(database.db), settings.JWT_TTL_SECONDS);
  const users = new UserService(database.db, audit, issuer, logger);
  const created = await users.ensureFirstAdmin({ email: settings.MCP_ADMIN_EMAIL, password: settings.MCP_ADMIN_PASSWORD });
  if (created?.generatedPassword) {
    // Shown once on the console, on purpose outside the structured log.
    process.stdout.write(
      `\n  First admin created: ${created.email}\n  Generated password: ${created.generatedPassword}\n  (set MCP_ADMIN_PASSWORD to choose it; this is the only time it is shown)\n\n`,
    );
  }
  return { users, issuer, auditEvents: new AuditEventService(database.db) };
}
