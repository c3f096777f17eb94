/**
 * Activation capture: one forward pass of a model over a probe set, recording what chosen layers
 * output, as forward hooks do in PyTorch. A tap wraps its module's `forward` for the duration of
 * the pass only, so any model built from Modules can be probed without a forward of its own per
 * probe. Each activation comes back as [samples·positions, units]: a Linear's [B, units] as it
 * is, a conv's NHWC [B, H, W, C] as [B·H·W, C], every spatial position a sample of its channel
 * (Li et al. 2015 correlate conv channels this way). Outside noGrad the recorded tensors stay on
 * the tape, so a loss on them (a CKA guidance term) can be differentiated.
 */
import { reshape } from '../../gpu/ops/conv.ts';
import type { ConvNet } from '../../gpu/models/conv.ts';
import type { Module, Sequential } from '../../gpu/nn.ts';
import type { Tensor } from '../../gpu/tensor.ts';

export interface Tap {
  /** The name the activation is recorded under, e.g. "fc1" or "conv2". */
  name: string;
  module: Module;
}

export interface Captured {
  /** The model's own output for the probe set. */
  output: Tensor;
  /** By tap name: [samples·positions, units]. A plain object, so that ctx.scope keeps what a scope returns. */
  activations: Record<string, Tensor>;
}

/** [B, …, C] → [B·…, C]: a unit per last-axis entry, every other axis a sample. */
export function unitRows(t: Tensor): Tensor {
  if (t.shape.length === 2) return t;
  const units = t.shape[t.shape.length - 1];
  return reshape(t, [t.size / units, units]);
}

/** Runs model.forward(x) once with every tap's output recorded; the taps are removed afterwards. */
export function captureActivations(model: Module, x: Tensor, taps: readonly Tap[]): Captured {
  const activations: Record<string, Tensor> = {};
  const saved = taps.map((t) => ({ tap: t, own: Object.getOwnPropertyDescriptor(t.module, 'forward') }));
  for (const { tap } of saved) {
    const forward = tap.module.forward.bind(tap.module);
    tap.module.forward = (h: Tensor): Tensor => {
      const y = forward(h);
      activations[tap.name] = unitRows(y);
      return y;
    };
  }
  try {
    const output = model.forward(x);
    const missing = taps.filter((t) => !(t.name in activations)).map((t) => t.name);
    if (missing.length) throw new Error(`captureActivations: the forward pass never ran ${missing.join(', ')}`);
    return { output, activations };
  } finally {
    for (const { tap, own } of saved) {
      if (own) Object.defineProperty(tap.module, 'forward', own);
      else delete (tap.module as { forward?: unknown }).forward;
    }
  }
}

/** The hidden layers of an MLP (every Linear but the output layer), named as the model names them. */
export function mlpTaps(model: Sequential): Tap[] {
  return model.layers
    .slice(0, -1)
    .map((m, i) => ({ name: (m as { name?: string }).name ?? `layer${i + 1}`, module: m }));
}

/** The hidden layers of a Conv-k net: every conv (channels as units), then the hidden fully connected layers. */
export function convNetTaps(model: ConvNet): Tap[] {
  return [...model.convs, ...model.fcs.slice(0, -1)].map((m) => ({ name: m.name, module: m }));
}
