import { createBuilder, type SubgraphContext } from '@mcp-portal/kit';
import type { DcrServices } from '../services/index.ts';

export const builder = createBuilder<SubgraphContext<DcrServices>>();
