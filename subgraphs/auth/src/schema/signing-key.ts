import { builder } from './builder.ts';

builder.mutationFields((t) => ({
  rotateSigningKey: t.field({
    type: 'String',
    description: 'Starts signing tokens with a new key and returns its kid; tokens already issued stay valid (admin only).',
    authScopes: { role: 'admin' },
    resolve: async (_root, _args, ctx) => {
      const kid = await ctx.services.issuer.rotate();
      await ctx.services.audit.record(ctx, { action: 'signing-key.rotate', targetType: 'SigningKey', targetId: kid }, 'success');
      return kid;
    },
  }),
}));
