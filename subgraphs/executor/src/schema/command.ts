import { UnauthenticatedError } from '@mcp-portal/kit';
import { describeCommands, type CommandDescription } from '../commands/index.ts';
import { builder } from './builder.ts';

const ExecutorCommandRef = builder.objectRef<CommandDescription>('ExecutorCommand').implement({
  authScopes: { signedIn: true },
  description: 'A docker mcp command the executor may run, with the JSON Schema of its arguments (the portal builds its form from it).',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'As the user picks it, e.g. "server ls".' }),
    summary: t.exposeString('summary'),
    minimumRole: t.string({ resolve: (c) => c.minimumRole.toUpperCase() }),
    argumentsSchema: t.field({ type: 'JSON', resolve: (c) => c.argumentsSchema }),
  }),
});

builder.queryFields((t) => ({
  executorCommands: t.field({
    type: [ExecutorCommandRef],
    description:
      "The commands the executor may run that the caller's role allows, with their arguments' JSON Schemas (signed-in users; a viewer gets the read-only ones).",
    authScopes: { signedIn: true },
    resolve: (_root, _args, ctx) => {
      if (!ctx.viewer) throw new UnauthenticatedError('Sign in to see the executor commands.');
      return describeCommands(ctx.viewer.role);
    },
  }),
}));
