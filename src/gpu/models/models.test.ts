import { describe, it, expect } from 'vitest';
import { testContext, randomArray } from '../testing.ts';
import { disposeModel, restore, snapshot } from '../nn.ts';
import { fixedBatchLosses } from './fit-batch.ts';
import { buildPreset, presetNames, type BuildOptions } from './index.ts';

const image = (o: Partial<BuildOptions> = {}): BuildOptions => ({
  inputShape: [8, 8, 3],
  classes: 3,
  seed: 1,
  width: 0.125,
  ...o,
});
const seq = (o: Partial<BuildOptions> = {}): BuildOptions => ({
  inputShape: [4],
  classes: 5,
  seed: 1,
  features: 16,
  heads: 2,
  layers: 1,
  ...o,
});

const cases: Array<[string, BuildOptions, RegExp[]]> = [
  ['conv2', image(), [/^conv1\.weight$/, /^conv2\.bias$/, /^fc3\.weight$/]],
  ['conv4', image(), [/^conv4\.weight$/, /^fc1\.weight$/]],
  ['conv6', image(), [/^conv6\.weight$/, /^fc2\.bias$/]],
  [
    'resnet20',
    image({ width: 0.25 }),
    [
      /^conv1\.weight$/,
      /^bn1\.weight$/,
      /^layer2\.0\.shortcut\.conv\.weight$/,
      /^layer3\.2\.bn2\.bias$/,
      /^fc\.weight$/,
    ],
  ],
  [
    'vit',
    image({ inputShape: [8, 8, 1], width: 0.25, patch: 4, layers: 1 }),
    [
      /^patch\.weight$/,
      /^pos\.weight$/,
      /^blocks\.0\.attn\.q\.weight$/,
      /^blocks\.0\.mlp\.fc2\.bias$/,
      /^ln_f\.weight$/,
      /^head\.weight$/,
    ],
  ],
  ['transformer', seq(), [/^embed\.weight$/, /^blocks\.0\.ln1\.weight$/, /^blocks\.0\.attn\.o\.bias$/, /^head\.bias$/]],
  ['attention', seq(), [/^embed\.weight$/, /^attn\.k\.weight$/, /^head\.weight$/]],
];

describe('model presets', () => {
  it('registers every preset', () => {
    expect(presetNames().sort()).toEqual(cases.map((c) => c[0]).sort());
    expect(() => buildPreset(undefined as never, 'vgg', image())).toThrow(/unknown model preset "vgg"/);
  });

  for (const [name, opts, names] of cases) {
    it(`${name} names its parameters, runs forward + backward and lowers the loss`, async () => {
      const ctx = await testContext();
      const model = buildPreset(ctx, name, opts);
      const params = model.parameters().map((p) => p.name);
      for (const re of names)
        expect(
          params.some((n) => re.test(n)),
          `${re} in ${params.join(' ')}`,
        ).toBe(true);
      expect(new Set(params).size).toBe(params.length);
      const B = 4;
      const isSeq = opts.inputShape.length === 1;
      const perEx = opts.inputShape.reduce((a, b) => a * b, 1);
      const rows = isSeq ? B * perEx : B;
      const xData = isSeq
        ? Uint32Array.from(randomArray(rows, 2, 0, opts.classes), Math.floor)
        : randomArray(B * perEx, 2, -1, 1);
      const yData = Uint32Array.from(isSeq ? xData : randomArray(rows, 3, 0, opts.classes), Math.floor);
      const x = ctx.tensor(xData, isSeq ? [B, perEx] : [B, perEx], isSeq ? 'u32' : 'f32').keep();
      const y = ctx.tensor(yData, [rows], 'u32').keep();
      const losses = await fixedBatchLosses(model, x, y, 6, 0.01);
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses[5]).toBeLessThan(losses[0]);
      x.dispose();
      y.dispose();
      disposeModel(model);
    }, 180_000);
  }

  it('snapshot/restore carry the BatchNorm running statistics', async () => {
    const ctx = await testContext();
    const model = buildPreset(ctx, 'resnet20', image({ width: 0.25 }));
    const state = await snapshot(model);
    expect(state.has('layer1.0.bn1.running_mean')).toBe(true);
    expect(state.has('bn1.running_var')).toBe(true);
    ctx.scope(() => model.forward(ctx.tensor(randomArray(2 * 192, 4, 0, 3), [2, 192])));
    const moved = await model.buffers()[0].tensor.read();
    expect(moved.some((v) => v !== 0)).toBe(true);
    restore(model, state);
    expect([...(await model.buffers()[0].tensor.read())]).toEqual([...state.get(model.buffers()[0].name)!]);
    disposeModel(model);
  });
});
