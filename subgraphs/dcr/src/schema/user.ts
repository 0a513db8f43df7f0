import { builder } from './builder.ts';

/** A reference to the auth subgraph's User: this subgraph only knows the id. */
export const UserRef = builder
  .externalRef('User', builder.keyDirective(builder.selection<{ id: string }>('id'), false))
  .implement({ authScopes: { signedIn: true }, fields: (t) => ({ id: t.exposeID('id') }) });
