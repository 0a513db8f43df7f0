import { graphql } from '../gql/index.ts';
import type { SessionUserFragment } from '../gql/graphql.ts';

/** The signed-in user as the auth endpoints answer it: the schema's `User`, these fields. */
export type SessionUser = SessionUserFragment;

graphql(`
  fragment SessionUser on User {
    id
    email
    role
  }
`);
