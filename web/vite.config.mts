import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app of Berceau: built into web/dist, which the API's server serves at `/` (src/common/http/web-app.ts).
// `npm run dev:web` serves it with hot reload and sends /api to the API running on port 3000.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000' } },
});
