import { runStandaloneSubgraph } from '@mcp-portal/kit';
import { executorSubgraph } from './index.ts';

await runStandaloneSubgraph(executorSubgraph, process.env);
