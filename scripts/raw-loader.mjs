// Node ESM hook registration: `import text from './x.wgsl?raw'` yields the file's text, as in
// Vite, so the CLI and scripts run the same engine modules under tsx (`node --import`).
import { register } from 'node:module';

register('./raw-hooks.mjs', import.meta.url);
