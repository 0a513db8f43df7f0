import { z } from 'zod';
import { parseInput } from '@mcp-portal/kit';
import type { LoginResult } from '../services/users.ts';
import { builder } from './builder.ts';
import { UserRef } from './user.ts';

const AuthPayloadRef = builder.objectRef<LoginResult>('AuthPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'A bearer token for the Authorization header and graphql-ws connectionParams.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    user: t.field({ type: UserRef, resolve: (p) => p.user }),
  }),
});

const credentialsSchema = z.object({ email: z.string().trim().email().max(320), password: z.string().min(1).max(1024) });

builder.mutationType({});
builder.mutationFields((t) => ({
  login: t.field({
    type: AuthPayloadRef,
    description: 'Local login with email and password.',
    args: { email: t.arg.string(), password: t.arg.string() },
    resolve: (_root, args, ctx) => {
      const { email, password } = parseInput(credentialsSchema, args, 'credentials');
      return ctx.services.users.login(email, password);
    },
  }),
}));
