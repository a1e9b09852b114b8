import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

/** The express server on :3000 owns every non-UI path; the dev server forwards them so the SPA can use relative URLs. */
const SERVER = process.env.HUIXIN_SERVER_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [vue()],
  // Vite's dependency cache would otherwise appear as inbox-ui/node_modules; keep it with the real node_modules.
  cacheDir: '../node_modules/.vite/inbox-ui',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': SERVER,
      '/webhooks': SERVER,
      '/healthz': SERVER,
      '/socket.io': { target: SERVER, ws: true },
    },
  },
});
