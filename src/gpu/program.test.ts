import { describe, expect, it } from 'vitest';
import type { Dispatch, GpuContext } from './context.ts';
import { Program } from './program.ts';
import { programProblems } from './program-check.ts';
import type { Tensor } from './tensor.ts';

// Every program in the codebase is checked by src/lab/kernel-programs.test.ts; these tests check the checks.
const shader = (decls: string, struct = 'struct Params { n: u32, scale: f32, shift: i32 }', size = '64') => `
${decls}
${struct}
const WG: u32 = ${size}u;
fn load(i: u32) -> f32 { return x[i]; }
@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x < p.n) { y[gid.x] = load(gid.x) * p.scale + f32(p.shift){{EXTRA}}; }
}`;
const goodDecls = `@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding({{BIND_bias}}) var<storage, read> bias: array<f32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;`;
const spec = {
  name: 'test-affine',
  workgroupSize: 64,
  bindings: { x: 'read', y: 'read_write', bias: 'read?' },
  uniforms: { n: 'u32', scale: 'f32', shift: 'i32' },
  defines: ['EXTRA'],
} as const;

describe('program checks', () => {
  it('pass a program that matches its WGSL, with and without its optional binding', () => {
    expect(programProblems(new Program({ ...spec, code: shader(goodDecls) }))).toEqual([]);
  });

  it.each([
    [
      'bindings in the wrong order',
      { code: shader(goodDecls.replace('binding(0)', 'binding(9)')) },
      /x is .*binding\(9\)/,
    ],
    ['a wrong access mode', { code: shader(goodDecls.replace('read_write> y', 'read> y')) }, /y is var<storage, read>/],
    [
      'a uniform of the wrong type',
      { code: shader(goodDecls, 'struct Params { n: u32, scale: u32, shift: i32 }') },
      /Params is/,
    ],
    ['a missing uniform field', { code: shader(goodDecls, 'struct Params { n: u32, scale: f32 }') }, /Params is/],
    ['a misnamed binding', { bindings: { x: 'read', out: 'read_write', bias: 'read?' } }, /out has 0 binding/],
    ['an undeclared template token', { defines: [] }, /\{\{EXTRA\}\} is not a declared define/],
    ['a declared define the code lacks', { defines: ['EXTRA', 'TILE'] }, /define TILE is not in the code/],
    ['a different workgroup size', { code: shader(goodDecls, undefined, '32') }, /@workgroup_size is \(32, 1, 1\)/],
    [
      'an entry that uses an unbound binding',
      {
        bindings: { x: 'read', y: 'read_write' },
        code: shader(goodDecls).replace('{{EXTRA}}', ' + bias[0]'),
        defines: [],
      },
      /main uses bias, which is not bound/,
    ],
    ['a missing entry point', { entry: 'forward' }, /no entry point forward/],
    ['uniforms read from another variable', { uniformVar: 'q' }, /no single var<uniform> q/],
  ] as const)('catch %s', (_what, change, message) => {
    const program = new Program({ ...spec, code: shader(goodDecls), ...change } as typeof spec & { code: string });
    const problems = programProblems(program).join('\n');
    expect(message.test(problems), problems).toBe(true);
  });

  it('find a binding used only through a define once the code is specialized', () => {
    const program = new Program({ ...spec, code: shader(goodDecls) });
    const bound = program.kernel(0b111);
    expect(() => bound.verify!(bound.code.replace('{{EXTRA}}', ''))).toThrow(/bias is bound but main does not use it/);
    expect(() => bound.verify!(bound.code.replace('{{EXTRA}}', ' + bias[0]'))).not.toThrow();
  });
});

describe('program dispatches', () => {
  const capture = (): { ctx: GpuContext; dispatches: Dispatch[] } => {
    const dispatches: Dispatch[] = [];
    return { ctx: { dispatch: (d: Dispatch) => void dispatches.push(d) } as unknown as GpuContext, dispatches };
  };
  const program = new Program({ ...spec, code: shader(goodDecls) });
  const [x, y, bias] = ['x', 'y', 'bias'].map((name) => ({ name }) as unknown as Tensor);

  it('pack the uniforms by the declared types into 16-byte units', () => {
    const { ctx, dispatches } = capture();
    program.run(ctx, {
      bindings: { x, y },
      uniforms: { n: 7, scale: 0.5, shift: -3 },
      defines: { EXTRA: '' },
      threads: 7,
    });
    const data = dispatches[0].uniforms!;
    expect(data.byteLength).toBe(16);
    expect(new Uint32Array(data)[0]).toBe(7);
    expect(new Float32Array(data)[1]).toBe(0.5);
    expect(new Int32Array(data)[2]).toBe(-3);
    expect(dispatches[0].workgroups).toEqual([1, 1]);
  });

  it('bind in declaration order and number an optional binding only when bound', () => {
    const { ctx, dispatches } = capture();
    const uniforms = { n: 1, scale: 1, shift: 0 };
    program.run(ctx, { bindings: { y, bias, x }, uniforms, defines: { EXTRA: '' }, workgroups: [1] });
    program.run(ctx, { bindings: { y, x, bias: null }, uniforms, defines: { EXTRA: '' }, workgroups: [1] });
    expect(dispatches.map((d) => d.buffers)).toEqual([
      [x, y, bias],
      [x, y],
    ]);
    const [withBias, without] = dispatches.map((d) => d.kernel.code);
    const declares = (code: string, decl: string): boolean => code.includes(decl);
    expect(declares(withBias, '@binding(2) var<storage, read> bias')).toBe(true);
    expect(declares(withBias, '@binding(3) var<uniform> p')).toBe(true);
    expect(declares(without, '@binding(2) var<uniform> p')).toBe(true);
    expect(declares(without, '@binding(16) var<storage, read> bias')).toBe(true);
  });

  it('type-check bindings, uniforms and defines', () => {
    const { ctx } = capture();
    const uniforms = { n: 1, scale: 1, shift: 0 };
    const run = (): void => {
      // @ts-expect-error: y is missing
      program.run(ctx, { bindings: { x }, uniforms, defines: { EXTRA: '' }, workgroups: [1] });
      // @ts-expect-error: z is not a binding
      program.run(ctx, { bindings: { x, y, z: x }, uniforms, defines: { EXTRA: '' }, workgroups: [1] });
      // @ts-expect-error: shift is missing
      program.run(ctx, { bindings: { x, y }, uniforms: { n: 1, scale: 1 }, defines: { EXTRA: '' }, workgroups: [1] });
      // @ts-expect-error: EXTRA is missing
      program.run(ctx, { bindings: { x, y }, uniforms, defines: {}, workgroups: [1] });
    };
    expect(run).toThrow(/binding y is missing/);
  });
});
