import { fileURLToPath } from 'node:url';
import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

export default mergeConfig(shared, {
  test: {
    // The test certificate of the local Entra ID, Graph and Key Vault servers, trusted through NODE_EXTRA_CA_CERTS
    // in the worker (set before it starts).
    globalSetup: [fileURLToPath(new URL('./test/registration-azure-tls.setup.ts', import.meta.url))],
  },
});
