import { createBuilder, type SubgraphContext } from '@mcp-portal/kit';
import type { ExecutorServices } from '../services/index.ts';

export const builder = createBuilder<SubgraphContext<ExecutorServices>>();
