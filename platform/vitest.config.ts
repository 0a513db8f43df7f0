import { fileURLToPath } from 'node:url';
import { mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.ts';

export default mergeConfig(shared, {
  test: {
    // The dcr package's loopback test certificate, trusted by the worker through NODE_EXTRA_CA_CERTS (set before it
    // starts): test/oauth-client-id-metadata.test.ts serves a Client ID Metadata Document over https on 127.0.0.1,
    // which the platform it runs in the same process fetches. Nothing else changes: the system's roots stay trusted.
    globalSetup: [fileURLToPath(new URL('../subgraphs/dcr/test/registration-azure-tls.setup.ts', import.meta.url))],
  },
});
