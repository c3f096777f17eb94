/**
 * The networks of relative representations (Moschella et al., 2209.15430): an MLP encoder to a
 * latent z, and a head on either z itself (absolute codes) or on the cosines of z to the latents
 * of a fixed anchor set, encoded by the same encoder in the same pass (relative codes, with
 * gradients through both). Stitching feeds one network's codes to another's head.
 */
import { anchorCosine } from '../../gpu/ops/anchor-cosine.ts';
import { sub } from '../../gpu/ops/elementwise.ts';
import { mean } from '../../gpu/ops/reduce.ts';
import { Linear, Sequential, type Module, type Parameter } from '../../gpu/nn.ts';
import type { GpuContext } from '../../gpu/context.ts';
import type { Tensor } from '../../gpu/tensor.ts';

export type CodeMode = 'absolute' | 'relative';

export interface RelativeNetOptions {
  mode: CodeMode;
  inputs: number;
  hidden: number;
  latent: number;
  /**
   * Measure cosines about the anchors' mean latent rather than the origin: a cosine is blind to
   * rotations and rescalings of the latent space but not to translations, which a linear last layer's
   * bias makes seed-dependent.
   */
  center: boolean;
  /** Hidden ReLU units of the head; 0 for a linear head. */
  headHidden: number;
  classes: number;
  seed: number;
}

/** Encoder and head layers are named apart (enc1…, head1…) so that one optimizer sees distinct names. */
function layers(
  ctx: GpuContext,
  prefix: string,
  sizes: number[],
  seed: number,
  streamBase: number,
  last: 'relu' | 'identity',
) {
  return sizes.slice(1).map(
    (out, i) =>
      new Linear(ctx, `${prefix}${i + 1}`, sizes[i], out, {
        activation: i + 2 === sizes.length ? last : 'relu',
        seed,
        streamBase: streamBase + 2 * i,
      }),
  );
}

export class RelativeNet implements Module {
  readonly encoder: Sequential;
  readonly head: Sequential;

  /** `anchors` [K, inputs]: the anchor inputs, shared by every network that is to be stitched. */
  constructor(
    ctx: GpuContext,
    readonly o: RelativeNetOptions,
    readonly anchors: Tensor,
  ) {
    // The encoder's latent is linear: a ReLU there would confine every cosine to [0, 1].
    this.encoder = new Sequential(layers(ctx, 'enc', [o.inputs, o.hidden, o.hidden, o.latent], o.seed, 0, 'identity'));
    const codeWidth = o.mode === 'relative' ? anchors.shape[0] : o.latent;
    const head = o.headHidden > 0 ? [codeWidth, o.headHidden, o.classes] : [codeWidth, o.classes];
    this.head = new Sequential(layers(ctx, 'head', head, o.seed, 16, 'identity'));
  }

  /** What the head reads: the latent, or its cosines to the anchors' latents. */
  codes(x: Tensor): Tensor {
    const z = this.encoder.forward(x);
    if (this.o.mode === 'absolute') return z;
    const a = this.encoder.forward(this.anchors);
    if (!this.o.center) return anchorCosine(z, a);
    const origin = mean(a, 0);
    return anchorCosine(sub(z, origin), sub(a, origin));
  }

  forward(x: Tensor): Tensor {
    return this.head.forward(this.codes(x));
  }

  parameters(): Parameter[] {
    return [...this.encoder.parameters(), ...this.head.parameters()];
  }
}

/** Zero-shot stitching: `encoder`'s codes (its own anchors' latents, when relative) into `head`'s head. */
export function stitch(encoder: RelativeNet, head: RelativeNet): (x: Tensor) => Tensor {
  if (encoder.o.mode !== head.o.mode) throw new Error('stitching needs two networks with the same kind of codes');
  return (x) => head.head.forward(encoder.codes(x));
}
