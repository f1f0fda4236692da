import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// base './' so the built assets load both at the Wails window root and under /ui/.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // The API reference page bundles Swagger UI (about 1.5 MB, loaded only by /docs).
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      input: { main: 'index.html', docs: 'docs.html' },
    },
  },
  server: {
    // `npm run dev` against a headless wasync on the default address.
    proxy: Object.fromEntries(
      ['/settings', '/session', '/openapi.json', '/backup', '/chats', '/search', '/history', '/webhooks', '/events', '/auth', '/app'].map(
        (p) => [p, { target: 'http://127.0.0.1:7001', changeOrigin: true }],
      ),
    ),
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    setupFiles: ['src/test/setup.ts'],
    // Loaded CI machines (see src/test/setup.ts): a slow render is not a failure.
    testTimeout: 30_000,
  },
});
