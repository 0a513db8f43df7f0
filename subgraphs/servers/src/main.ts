import { runStandaloneSubgraph } from '@mcp-portal/kit';
import { serversSubgraph } from './index.ts';

await runStandaloneSubgraph(serversSubgraph, process.env);
