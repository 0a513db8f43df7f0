import { createBuilder, type SubgraphContext } from '@mcp-portal/kit';
import type { ConfigServices } from '../services/index.ts';

export const builder = createBuilder<SubgraphContext<ConfigServices>>();
