/**
 * Kernel variants chosen by adapter kind, each with a self-test against its TypeScript reference.
 * A kernel module registers its variants at top level; its wrapper asks `variantActive` before
 * dispatching one and otherwise runs its plain kernel. The lab's device probe runs every self-test
 * of the adapter's kind once (`selfTestVariants`) and turns off, on that device only, the variants
 * that disagree, so a driver bug in one fast path costs speed, not results, and the status bar
 * says which.
 */
import type { GpuContext } from './context.ts';

/** 'software': CPU adapters such as SwiftShader (GpuContext.cpuKernels); 'gpu': the others. */
export type AdapterKind = 'software' | 'gpu';

export interface VariantSpec {
  /** Unique, e.g. 'matmul-tiled-128'; the key of GpuContext.disabledVariants. */
  name: string;
  /** The operation whose plain kernel runs instead, e.g. 'matmul'. */
  op: string;
  kinds: readonly AdapterKind[];
  /**
   * Runs the variant on a small case with awkward sizes against its reference; resolves to null when
   * they agree, else to what disagreed (e.g. 'max error 3.1 × tolerance'). Must dispatch the variant
   * itself, not whatever variantActive would pick.
   */
  selfTest(ctx: GpuContext): Promise<string | null>;
}

/** A variant the probe turned off on this device. */
export interface VariantFallback {
  op: string;
  variant: string;
  reason: string;
}

const registry: VariantSpec[] = [];

export function registerVariant(spec: VariantSpec): VariantSpec {
  if (registry.some((v) => v.name === spec.name)) throw new Error(`kernel variant ${spec.name} is registered twice`);
  registry.push(spec);
  return spec;
}

export const registeredVariants = (): readonly VariantSpec[] => registry;

export const adapterKind = (ctx: GpuContext): AdapterKind => (ctx.cpuKernels ? 'software' : 'gpu');

/** Whether `spec` should run on this context: made for its adapter kind and not turned off by a self-test. */
export const variantActive = (ctx: GpuContext, spec: VariantSpec): boolean =>
  spec.kinds.includes(adapterKind(ctx)) && !ctx.disabledVariants.has(spec.name);

/**
 * Self-tests every registered variant of this adapter's kind and turns off those that disagree (or
 * throw); returns them. The plain kernels are what the rest of the tests already hold on every adapter.
 */
export async function selfTestVariants(ctx: GpuContext): Promise<VariantFallback[]> {
  const out: VariantFallback[] = [];
  for (const v of registry) {
    if (!variantActive(ctx, v)) continue;
    let reason: string | null;
    try {
      reason = await v.selfTest(ctx);
    } catch (e) {
      reason = e instanceof Error ? e.message : String(e);
    }
    if (reason !== null) {
      ctx.disabledVariants.set(v.name, reason);
      out.push({ op: v.op, variant: v.name, reason });
    }
  }
  return out;
}
