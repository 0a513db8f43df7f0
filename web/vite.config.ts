import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The portal shell. In development `/graphql` (HTTP and WebSocket) is proxied to a router on :4000. */
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:4000', ws: true, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
});
