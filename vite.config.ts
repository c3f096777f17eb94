import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The lab is a static app: `vite preview` and any static host serve dist/.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { port: 5173 },
  preview: { port: 4173 },
});
