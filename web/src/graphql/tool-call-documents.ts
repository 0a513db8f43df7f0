import { graphql } from '../gql/index.ts';

/** GraphQL's way to call a tool (operator or admin), for a platform that runs no gateway-proxy. */
export const CallToolDocument = graphql(`
  mutation CallTool($serverId: ID!, $name: String!, $arguments: JSON) {
    callTool(serverId: $serverId, name: $name, arguments: $arguments) {
      isError
      content
      structuredContent
    }
  }
`);
