import { KERNEL_VARIANTS, type KernelVariant } from '../gpu/context.ts';

/** A bad command line: the CLI prints the message and its usage, and exits 2. */
export class UsageError extends Error {}

/** The value of --kernels. */
export function parseKernels(raw: string): KernelVariant {
  if (!(KERNEL_VARIANTS as readonly string[]).includes(raw))
    throw new UsageError(`--kernels must be one of ${KERNEL_VARIANTS.join(', ')}, got "${raw}"`);
  return raw as KernelVariant;
}

/** `parse()`, or null after printing its UsageError with `usage` (the caller exits 2). */
export function parsedOrUsage<T>(parse: () => T, usage: () => string): T | null {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`error: ${e.message}\n\n${usage()}`);
    return null;
  }
}

/** Each `--flag=value` argument as [flag, value]; anything else is a UsageError. */
export function flagValues(args: readonly string[]): [string, string][] {
  return args.map((arg) => {
    const m = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (!m) throw new UsageError(`arguments look like --flag=value, got "${arg}"`);
    return [m[1], m[2]];
  });
}
