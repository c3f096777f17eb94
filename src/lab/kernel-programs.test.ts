import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { definedPrograms } from '../gpu/program.ts';
import { programProblems } from '../gpu/program-check.ts';

// Every kernel program in src against its WGSL, without a GPU (src/gpu/program.test.ts tests the
// checks themselves). Here rather than in src/gpu: it reads the source tree, which the device
// bundle of the src/gpu tests does not carry, and the lab's probe kernel is one of the programs.
const SRC = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

const sources = sourceFiles(SRC).map((path) => ({
  path,
  name: relative(SRC, path).split('\\').join('/'),
  text: readFileSync(path, 'utf8'),
}));
// Programs come from defineProgram or from a programModule's entries.
const DEFINING = /\b(?:defineProgram|programModule)\(/;
const declaring = sources.filter((s) => s.name !== 'gpu/program.ts' && DEFINING.test(s.text));
for (const s of declaring) await import(/* @vite-ignore */ s.path);
const programs = definedPrograms();

describe('kernel programs', () => {
  it('are all registered: every defineProgram and programModule call in src ran on import', () => {
    const calls = declaring.reduce((n, s) => n + s.text.split(DEFINING).length - 1, 0);
    expect(calls).toBeGreaterThan(0);
    expect(programs.length).toBeGreaterThanOrEqual(calls);
  });

  it('are the only way kernels are dispatched', () => {
    const direct = sources
      .filter((s) => !['gpu/context.ts', 'gpu/program.ts'].includes(s.name))
      .filter((s) => /\.dispatch\(|\.pipeline\(/.test(s.text))
      .map((s) => s.name);
    expect(direct).toEqual([]);
  });

  it('have unique names (they key the pipeline cache)', () => {
    const names = programs.map((p) => p.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('bind at most 8 storage buffers in any dispatch, the WebGPU default per stage that many integrated and mobile GPUs keep', () => {
    // The limit holds per entry point ('auto' layouts hold what the entry uses, program.ts binds
    // exactly that), so a module may declare more than 8 across its entries.
    const over = programs.filter((p) => p.slots.length > 8).map((p) => `${p.name}: ${p.slots.length}`);
    expect(over).toEqual([]);
  });

  it.each(programs.map((p) => [p.name, p] as const))('%s matches its WGSL', (_name, program) => {
    expect(programProblems(program)).toEqual([]);
  });
});
