import { runStandaloneSubgraph } from '@mcp-portal/kit';
import { configSubgraph } from './index.ts';

await runStandaloneSubgraph(configSubgraph, process.env);
