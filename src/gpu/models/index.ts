/**
 * Named model presets: `buildPreset(ctx, name, opts)`. Image models take flat HWC batches
 * [B, H·W·C] and know their input shape; sequence models take u32 ids [B, T] and return one row
 * of logits per token, [B·T, classes].
 */
import type { GpuContext } from '../context.ts';
import type { Model, PresetOptions } from './common.ts';
import { ConvNet } from './conv.ts';
import { ResNet } from './resnet.ts';
import { AttentionModel, Transformer, type TransformerOptions } from './transformer.ts';
import { VisionTransformer, type VitOptions } from './vit.ts';

export type { Model, PresetOptions } from './common.ts';

export interface BuildOptions
  extends
    PresetOptions,
    Omit<TransformerOptions, keyof PresetOptions>,
    Omit<VitOptions, keyof PresetOptions | 'layers' | 'features' | 'heads'> {}

interface Preset {
  /** 'image' presets take [H, W, C], 'sequence' presets [T]. */
  input: 'image' | 'sequence';
  build(ctx: GpuContext, o: BuildOptions): Model;
}

export const presets: Record<string, Preset> = {
  conv2: { input: 'image', build: (ctx, o) => new ConvNet(ctx, 1, o) },
  conv4: { input: 'image', build: (ctx, o) => new ConvNet(ctx, 2, o) },
  conv6: { input: 'image', build: (ctx, o) => new ConvNet(ctx, 3, o) },
  resnet20: { input: 'image', build: (ctx, o) => new ResNet(ctx, o) },
  attention: { input: 'sequence', build: (ctx, o) => new AttentionModel(ctx, o) },
  transformer: { input: 'sequence', build: (ctx, o) => new Transformer(ctx, o) },
  vit: { input: 'image', build: (ctx, o) => new VisionTransformer(ctx, o) },
};

export const presetNames = (): string[] => Object.keys(presets);

export function buildPreset(ctx: GpuContext, name: string, o: BuildOptions): Model {
  const p = presets[name];
  if (!p) throw new Error(`unknown model preset "${name}"; presets: ${presetNames().join(', ')}`);
  const rank = p.input === 'image' ? 3 : 1;
  if (o.inputShape.length !== rank)
    throw new Error(`${name} takes ${p.input} inputs of rank ${rank}, got [${o.inputShape}]`);
  if (!(o.width === undefined || (o.width > 0 && Number.isFinite(o.width))))
    throw new Error(`${name}: width must be a positive number, got ${o.width}`);
  return p.build(ctx, o);
}
