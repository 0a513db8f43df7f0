import { createBuilder, type SubgraphContext } from '@mcp-portal/kit';
import type { ServersServices } from '../services/index.ts';

export const builder = createBuilder<SubgraphContext<ServersServices>>();
