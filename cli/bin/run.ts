import { main } from '../src/lib/main.ts';

await main(process.argv.slice(2), import.meta.url);
