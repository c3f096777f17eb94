/**
 * The layers that CKA guidance compares: every hidden layer of a plain fully connected target, and
 * the pooled conv stages and hidden fc layers of a Conv-2/4 guide, each as [batch, features]. The
 * target's D layers are spread evenly over the guide's G: target layer i is paired with guide
 * layer ⌊i·G/D⌋ (the paper pairs early with early and late with late).
 */
import type { ConvNet } from '../../gpu/models/conv.ts';
import { maxPool2d, reshape } from '../../gpu/ops/conv.ts';
import type { Linear, Sequential } from '../../gpu/nn.ts';
import type { Tensor } from '../../gpu/tensor.ts';

const flat = (h: Tensor): Tensor => reshape(h, [h.shape[0], h.size / h.shape[0]]);

/** The target's hidden activations (post-ReLU, one per hidden layer) and its logits. */
export function targetLayers(net: Sequential, x: Tensor): { hidden: Tensor[]; logits: Tensor } {
  const hidden: Tensor[] = [];
  let h = x;
  for (const [i, layer] of net.layers.entries()) {
    h = (layer as Linear).forward(h);
    if (i + 1 < net.layers.length) hidden.push(h);
  }
  return { hidden, logits: h };
}

/** The guide's compared layers: the output of each conv pair's pooling, then its two hidden fc layers. */
export function guideLayers(net: ConvNet, images: Tensor): Tensor[] {
  const [H, W, C] = net.inputShape;
  const out: Tensor[] = [];
  let h = reshape(images, [images.shape[0], H, W, C]);
  net.convs.forEach((conv, k) => {
    h = conv.forward(h);
    if (k % 2 === 1) {
      h = maxPool2d(h, { kernel: 2 });
      out.push(flat(h));
    }
  });
  let z = flat(h);
  for (const fc of net.fcs.slice(0, 2)) {
    z = fc.forward(z);
    out.push(z);
  }
  return out;
}

/** How many layers guideLayers returns for a guide of `pairs` conv pairs. */
export const guideLayerCount = (pairs: number): number => pairs + 2;

/** The guide layer that target hidden layer i (of `depth`) is pulled towards. */
export const pairedGuideLayer = (i: number, depth: number, guideCount: number): number =>
  Math.floor((i * guideCount) / depth);

/** Names of the compared layers, for metrics and heatmap axes. */
export const targetLayerName = (i: number): string => `fc${i + 1}`;
export function guideLayerNames(pairs: number): string[] {
  return [...Array.from({ length: pairs }, (_, k) => `pool${k + 1}`), 'fc1', 'fc2'];
}
