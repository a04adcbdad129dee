import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev:web`: hot reload on :5173, the API (HTTP and graphql-ws) proxied to a running gateway.
const gateway = process.env.SHUTTER_GATEWAY_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/graphql': { target: gateway, ws: true, changeOrigin: true } },
  },
  build: { outDir: 'dist', sourcemap: true, assetsDir: 'assets' },
});
