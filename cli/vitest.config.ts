import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.ts';

/** The CLI tests run bin/docker-mcp, which starts the prebuilt CLI: build it first when it is out of date. */
export default mergeConfig(shared, defineConfig({ test: { globalSetup: ['test/build-cli.ts'] } }));
