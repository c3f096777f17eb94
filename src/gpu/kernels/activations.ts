import activations from '../../wgsl/activations.wgsl?raw';

/** Prepend the shared activation functions (act_relu, act_gelu, …, dact_*) to a kernel's WGSL. */
export function withActivations(code: string): string {
  return `${activations}\n${code}`;
}
