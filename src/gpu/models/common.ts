/** Pieces shared by the model presets: the train/eval switch and the options every preset takes. */
import type { Module } from '../nn.ts';
import type { NamedBuffer } from '../layers/norm.ts';

/** Layers whose forward differs between training and evaluation (BatchNorm, Dropout). */
export interface Switchable {
  training: boolean;
}

/** A model preset: a Module that knows its input, can switch train/eval and lists its buffers. */
export interface Model extends Module {
  /** Per-example input shape: [H, W, C] for images (fed flat HWC), [T] for token ids. */
  readonly inputShape: readonly number[];
  setTraining(on: boolean): void;
  /** Persistent non-trainable state (BatchNorm running statistics), saved by snapshot(). */
  buffers(): NamedBuffer[];
  /** Per-step noise sites (dropout) read this before each training step. */
  setStep?(step: number): void;
}

export interface PresetOptions {
  /** [H, W, C] for image models, [T] for sequence models. */
  inputShape: readonly number[];
  /** Output classes (the vocabulary for sequence models). */
  classes: number;
  /** Multiplies every hidden width (rounded, at least 1). */
  width?: number;
  seed: number;
}

export const scaled = (channels: number, width = 1): number => Math.max(1, Math.round(channels * width));

export function setTrainingAll(layers: readonly unknown[], on: boolean): void {
  for (const l of layers) if (l && typeof l === 'object' && 'training' in l) (l as Switchable).training = on;
}

/** Switches a model with train/eval behaviour (a Model preset); plain Modules are left alone. */
export function setTraining(model: Module, on: boolean): void {
  if ('setTraining' in model && typeof model.setTraining === 'function') (model as Model).setTraining(on);
}
