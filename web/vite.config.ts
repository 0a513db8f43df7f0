import { defaultClientConditions, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The portal shell. In development `/graphql` (HTTP and WebSocket) and `/auth` are proxied to a router on
 * :4000; `/auth` keeps the browser's Host (no changeOrigin) so the same-origin check of the session
 * endpoints sees the page's own origin.
 */
export default defineConfig({
  plugins: [react()],
  // The workspace packages' sources (see tsconfig.base.json), not their builds.
  resolve: { conditions: ['@mcp-portal/source', ...defaultClientConditions] },
  server: {
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:4000', ws: true, changeOrigin: true },
      '/auth': { target: 'http://127.0.0.1:4000', xfwd: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the portal: their own chunks stay cached across portal releases,
        // and no chunk grows past the 500 kB warning.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'react-router', test: /node_modules[\\/](react-router|cookie|set-cookie-parser)[\\/]/ },
            { name: 'graphql', test: /node_modules[\\/](@apollo|graphql|graphql-ws|rxjs|@wry|optimism|tslib|@graphql-typed-document-node)[\\/]/ },
            // The dashboard's chart library and what it brings; only the lazily loaded dashboard imports it.
            {
              name: 'charts',
              test: /node_modules[\\/](recharts|victory-vendor|d3-[a-z-]+|internmap|@reduxjs|redux|redux-thunk|react-redux|reselect|immer|es-toolkit|decimal\.js-light|eventemitter3|tiny-invariant|use-sync-external-store)[\\/]/,
            },
          ],
        },
      },
    },
  },
});
