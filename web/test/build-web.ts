import { buildWebIfStale } from '../scripts/build-if-stale.ts';

/** Vitest global setup: the browser tests load the production build the router serves (see buildWebIfStale). */
export default buildWebIfStale;
