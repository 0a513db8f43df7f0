import { createBuilder, type SubgraphContext } from '@mcp-portal/kit';
import type { AuthServices } from '../services/index.ts';

export const builder = createBuilder<SubgraphContext<AuthServices>>();
