// Node's DatasetSource, kept apart from datasets.ts so the browser bundle never pulls in node:fs.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetSource } from './datasets.ts';

export function fsSource(dir: string): DatasetSource {
  return {
    readText: (path) => readFile(join(dir, path), 'utf8'),
    readBytes: async (path) => {
      const buf = await readFile(join(dir, path));
      return new Uint8Array(buf.buffer as ArrayBuffer, buf.byteOffset, buf.byteLength);
    },
  };
}
