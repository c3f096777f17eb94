// Where each head of the ViT looks on the digit: per panel the attention its patches receive (from
// the hovered query patch, or the mean over queries), on one colour scale, with the digit's ink drawn
// over it, so a panel reads as "these strokes got this much attention".
import { useMemo } from 'react';
import type { Snapshot } from '../../../lab/experiment.ts';
import { HeatmapPanels, type Panel } from '../../charts/Heatmap.tsx';
import { type ColorScaleSpec, extentOf } from '../../charts/color-scale.ts';
import { keyWeights, mapOf, meanOverHeads } from './attention-maps.ts';
import type { Hover } from './AttentionView.tsx';

/** The digit as white ink on transparency (alpha = ink), a PNG data URL at the image's own pixels. */
function inkImage(pixels: Float32Array, side: number): string {
  const c = document.createElement('canvas');
  c.width = c.height = side;
  const g = c.getContext('2d');
  if (!g) return '';
  const img = g.createImageData(side, side);
  for (let i = 0; i < side * side; i++) img.data.set([255, 255, 255, Math.round(230 * pixels[i])], 4 * i);
  g.putImageData(img, 0, 0);
  return c.toDataURL('image/png');
}

export function DigitAttention({
  layers,
  rollout,
  image,
  side,
  example,
  hover,
  onHover,
}: {
  layers: Snapshot[];
  rollout: Snapshot | undefined;
  image: Float32Array;
  side: number;
  example: number;
  hover: Hover | null;
  onHover: (h: Hover | null) => void;
}) {
  const [, heads, T] = layers[0].shape;
  const grid = Math.round(Math.sqrt(T));
  const ink = useMemo(() => inkImage(image, side), [image, side]);
  const q = hover?.q ?? null;
  const patches = (map: Float32Array, label: string, newRow = false): Panel => ({
    label,
    newRow,
    rows: grid,
    cols: grid,
    data: keyWeights(map, T, q),
  });
  const panels: Panel[] = layers.flatMap((s, l) => [
    patches(meanOverHeads(s, example), `L${l} · all heads`, true),
    ...Array.from({ length: heads }, (_, h) => patches(mapOf(s, example, h), `L${l} · head ${h}`)),
  ]);
  if (rollout) panels.push(patches(mapOf(rollout, example, 0), 'rollout'));
  // The weights a patch receives are far below 1 once averaged, so this scale spans what was drawn.
  const scale: ColorScaleSpec = {
    scheme: 'magma',
    domain: [0, extentOf(panels.flatMap((p) => Array.from(p.data)))[1]],
    label: q === null ? 'attention received' : `attention from patch ${q}`,
    units: 'probability',
  };
  const outline = (patch: number, cell: number, stroke: string, inset: number) => (
    <rect
      x={(patch % grid) * cell + inset}
      y={Math.floor(patch / grid) * cell + inset}
      width={cell - 2 * inset}
      height={cell - 2 * inset}
      fill="none"
      stroke={stroke}
      strokeWidth={2}
    />
  );
  return (
    <HeatmapPanels
      title="Where the heads look on the digit"
      file="vit-attention-on-digit"
      testId="attention-digit"
      scale={scale}
      panels={panels}
      cellSize={28}
      onCell={(c) => onHover(c && { q: c.row * grid + c.col, k: c.row * grid + c.col })}
      overlay={(_, { w, h, cell }) => (
        <>
          <image href={ink} width={w} height={h} preserveAspectRatio="none" />
          {hover && outline(hover.q, cell, '#3cf', 1)}
          {hover && outline(hover.k, cell, '#f0f', 4)}
        </>
      )}
      caption="Colour: attention each patch receives, averaged over the query patches; white: the digit's ink. Hover a patch to see what it attends to (cyan: query, magenta: key). “All heads”: their mean. The rollout multiplies the head-averaged maps through the layers with the residual as identity."
    />
  );
}
