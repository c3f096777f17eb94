/**
 * Kernel programs, after TF.js's WebGPUProgram: one WGSL entry point with everything its
 * dispatches must agree on declared once — the storage bindings in binding order with their
 * access ('?' marks one a dispatch may leave out), the uniform struct's fields, the `{{KEY}}`
 * tokens the wrapper fills, and the workgroup size. `run` is typed by the declaration, so a
 * missing or misnamed binding, uniform or define is a compile error; it packs the uniforms by the
 * layout derived here and numbers the bindings. program.test.ts checks every defined program
 * against its WGSL (program-check.ts), and the first pipeline of each specialization checks again.
 *
 * Two tokens are the program's own. `{{WG}}` is the workgroup size's x. `{{BIND_name}}` numbers
 * a binding in modules whose entries bind different subsets: the bound storage bindings get 0, 1,
 * … in declaration order, the program's uniform variable the next number, and the others
 * distinct numbers past the end — declared but unused by this entry, so its 'auto' layout leaves
 * them out, and clear of the numbers the module's other entries use (WGSL checks every entry).
 */
import type { GpuContext, KernelSource } from './context.ts';
import { grid } from './grid.ts';
import { interfaceProblems } from './program-check.ts';
import type { Tensor } from './tensor.ts';

export type Access = 'read' | 'read_write';
/** A storage binding's access; with '?', a dispatch may leave the binding out. */
export type BindingDecl = Access | `${Access}?`;
/** Uniform fields are 4-byte scalars, so field i sits at byte 4·i. */
export type Scalar = 'u32' | 'i32' | 'f32';
export type DefineValue = string | number | boolean;

export interface ProgramSpec<B, U, D extends string> {
  /** Unique among programs: with the defines, it keys the pipeline cache. */
  name: string;
  code: string;
  /** Entry point; 'main' by default. */
  entry?: string;
  /** As the entry's @workgroup_size says; a number is [x, 1, 1]. */
  workgroupSize: number | readonly [number, number] | readonly [number, number, number];
  /** Storage bindings in binding order, from @binding(0). */
  bindings: B;
  /** The uniform struct's fields in order; bound right after the storage bindings. */
  uniforms?: U;
  /** The variable the entry reads the uniform struct from; 'p' by default. */
  uniformVar?: string;
  /** `{{KEY}}` tokens of the code that every dispatch fills (besides WG and BIND_*). */
  defines?: readonly D[];
}

type RequiredBindings<B> = { [K in keyof B as B[K] extends Access ? K : never]: Tensor };
type OptionalBindings<B> = { [K in keyof B as B[K] extends Access ? never : K]?: Tensor | null };

/** Tensors by binding name: the required ones, and optional ones as tensor, null or nothing. */
export type Bindings<B> = RequiredBindings<B> & OptionalBindings<B>;

/** What one dispatch passes: tensors by binding name, uniform values by field, defines, and the grid. */
export type RunArgs<B, U, D extends string> = { bindings: Bindings<B> } & (
  | { workgroups: readonly [number, number?, number?] }
  /** One thread per item over a 1-D workgroup size, spilling into y past the per-dimension limit (grid()). */
  | { threads: number }
) &
  ([keyof U] extends [never] ? { uniforms?: undefined } : { uniforms: { readonly [K in keyof U]: number } }) &
  ([D] extends [never] ? { defines?: undefined } : { defines: Readonly<Record<D, DefineValue>> });

export interface Slot {
  name: string;
  access: Access;
  optional: boolean;
}

export interface Field {
  name: string;
  type: Scalar;
}

/** Numbers given to declared bindings a dispatch leaves out (past any real layout). */
const UNBOUND = 16;

export class Program<
  const B extends Record<string, BindingDecl>,
  const U extends Record<string, Scalar> = Record<never, Scalar>,
  const D extends string = never,
> {
  readonly name: string;
  readonly code: string;
  readonly entry: string;
  readonly workgroupSize: readonly [number, number, number];
  readonly slots: readonly Slot[];
  readonly fields: readonly Field[];
  readonly uniformVar: string;
  readonly defines: readonly string[];
  /** 4 bytes a field, rounded up to 16 (uniform buffer bindings are sized in 16-byte units). */
  readonly uniformBytes: number;
  private readonly kernels = new Map<number, KernelSource>();

  constructor(spec: ProgramSpec<B, U, D>) {
    this.name = spec.name;
    this.code = spec.code;
    this.entry = spec.entry ?? 'main';
    const wg = spec.workgroupSize;
    this.workgroupSize = typeof wg === 'number' ? [wg, 1, 1] : [wg[0], wg[1], wg[2] ?? 1];
    this.slots = Object.entries(spec.bindings as Record<string, BindingDecl>).map(([name, decl]) => ({
      name,
      access: decl.replace('?', '') as Access,
      optional: decl.endsWith('?'),
    }));
    this.fields = Object.entries((spec.uniforms ?? {}) as Record<string, Scalar>).map(([name, type]) => ({
      name,
      type,
    }));
    this.uniformVar = spec.uniformVar ?? 'p';
    this.defines = spec.defines ?? [];
    this.uniformBytes = Math.ceil((this.fields.length * 4) / 16) * 16;
  }

  /**
   * The kernel for one set of bound slots (bit i: slot i is bound), with WG and BIND_* filled in;
   * its first pipeline checks the specialized code against the slots it binds.
   */
  kernel(boundMask: number): KernelSource {
    let k = this.kernels.get(boundMask);
    if (!k) {
      const bound = this.slots.filter((_, i) => boundMask & (1 << i));
      const unbound: string[] = [];
      const number = (name: string): number => {
        const i = bound.findIndex((s) => s.name === name);
        if (i >= 0) return i;
        if (name === this.uniformVar && this.fields.length > 0) return bound.length;
        if (!unbound.includes(name)) unbound.push(name);
        return UNBOUND + unbound.indexOf(name);
      };
      const code = this.code
        .replace(/\{\{WG\}\}/g, String(this.workgroupSize[0]))
        .replace(/\{\{BIND_(\w+)\}\}/g, (_m, name: string) => String(number(name)));
      const optional = bound.filter((s) => s.optional).map((s) => s.name);
      k = {
        name: [this.name, ...optional].join('+'),
        code,
        entry: this.entry,
        verify: (specialized: string): void => {
          const problems = interfaceProblems(this, specialized, bound, true);
          if (problems.length > 0) throw new Error(`kernel program ${this.name}: ${problems.join('; ')}`);
        },
      };
      this.kernels.set(boundMask, k);
    }
    return k;
  }

  /** Encode one dispatch (GpuContext.dispatch: same pipeline cache, pools and encoder). */
  run(ctx: GpuContext, args: RunArgs<B, U, D>): void {
    const given = args.bindings as Record<string, Tensor | null | undefined>;
    const buffers: Tensor[] = [];
    let mask = 0;
    this.slots.forEach((s, i) => {
      const t = given[s.name];
      if (t) {
        buffers.push(t);
        mask |= 1 << i;
      } else if (!s.optional) throw new Error(`kernel program ${this.name}: binding ${s.name} is missing`);
    });
    ctx.dispatch({
      kernel: this.kernel(mask),
      defines: args.defines,
      buffers,
      uniforms: this.fields.length > 0 ? this.pack(args.uniforms as Record<string, number>) : undefined,
      workgroups: 'threads' in args ? this.grid(args.threads) : args.workgroups,
    });
  }

  private grid(threads: number): [number, number] {
    const [x, y, z] = this.workgroupSize;
    if (y !== 1 || z !== 1) throw new Error(`kernel program ${this.name}: threads need a 1-D workgroup size`);
    return grid(threads, x);
  }

  private pack(values: Readonly<Record<string, number>>): ArrayBuffer {
    const data = new ArrayBuffer(this.uniformBytes);
    const u32 = new Uint32Array(data);
    const f32 = new Float32Array(data);
    const i32 = new Int32Array(data);
    this.fields.forEach((f, i) => {
      const v = values[f.name];
      if (f.type === 'f32') f32[i] = v;
      else if (f.type === 'i32') i32[i] = v;
      else u32[i] = v;
    });
    return data;
  }
}

/** What the checks and the registry read of a program (program-check.ts): all but `run`. */
export type ProgramLayout = Omit<Program<Record<string, BindingDecl>>, 'run'>;

const registry: ProgramLayout[] = [];

/**
 * Declare a kernel program (at module top level, so that importing its module registers it and
 * program.test.ts checks it).
 */
export function defineProgram<
  const B extends Record<string, BindingDecl>,
  const U extends Record<string, Scalar> = Record<never, Scalar>,
  const D extends string = never,
>(spec: ProgramSpec<B, U, D>): Program<B, U, D> {
  const p = new Program(spec);
  registry.push(p);
  return p;
}

/**
 * The programs of one WGSL module's entry points, which share its code, workgroup size, uniform
 * struct and defines: `program(entry, bindings)` defines `<name>-<entry>`. `uniformVar` names the
 * entry's uniform variable where the module's entries each declare their own.
 */
export function programModule<
  const U extends Record<string, Scalar> = Record<never, Scalar>,
  const D extends string = never,
>(module: Omit<ProgramSpec<never, U, D>, 'entry' | 'bindings' | 'uniformVar'>) {
  return <const B extends Record<string, BindingDecl>>(entry: string, bindings: B, uniformVar?: string) =>
    defineProgram({ ...module, name: `${module.name}-${entry}`, entry, bindings, uniformVar });
}

/** Every program defined by the modules imported so far. */
export const definedPrograms = (): readonly ProgramLayout[] => registry;
