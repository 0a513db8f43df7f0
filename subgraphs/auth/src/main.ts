import { runStandaloneSubgraph } from '@mcp-portal/kit';
import { authSubgraph } from './index.ts';

await runStandaloneSubgraph(authSubgraph, process.env);
