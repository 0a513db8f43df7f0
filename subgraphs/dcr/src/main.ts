import { runStandaloneSubgraph } from '@mcp-portal/kit';
import { dcrSubgraph } from './index.ts';

await runStandaloneSubgraph(dcrSubgraph, process.env);
