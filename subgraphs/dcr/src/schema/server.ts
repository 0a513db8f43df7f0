import { builder } from './builder.ts';

/** The servers subgraph's Server, which this subgraph extends with its OAuth connection. */
export const ServerRef = builder.externalRef('Server', builder.selection<{ id: string }>('id')).implement({
  authScopes: { signedIn: true },
  fields: (t) => ({ id: t.exposeID('id') }),
});
