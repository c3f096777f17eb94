import { describe, expect, it } from 'vitest';
import type { ExperimentMeta, ParamSpec, ParamValue, RunSpec } from './experiment.ts';
import { CATALOGUE, defaultSpec, presetSpec } from './catalogue.ts';
import { trainNetwork } from './experiments/train/train.experiment.ts';
import { decodeSpec, encodeSpec, isValidParam, MAX_SEED, normalizeSpec } from './spec-codec.ts';

// A second experiment with every parameter kind, so that the codec is tested beyond "train".
const allKinds: ExperimentMeta = {
  id: 'all-kinds',
  family: 'landscape',
  title: 'All kinds',
  explanation: 'Test only.',
  paper: null,
  views: [],
  metrics: [],
  snapshots: [],
  params: {
    count: { kind: 'int', label: 'Count', help: '', default: 5, min: -3, max: 100 },
    scale: { kind: 'number', label: 'Scale', help: '', default: 1, min: 1e-6, max: 1e6, log: true },
    shift: { kind: 'number', label: 'Shift', help: '', default: 0, min: -1, max: 1 },
    mode: {
      kind: 'choice',
      label: 'Mode',
      help: '',
      default: 'a b',
      choices: [
        { value: 'a b', label: '' },
        { value: 'c&d=e', label: '' },
        { value: 'ü', label: '' },
      ],
    },
    flag: { kind: 'bool', label: 'Flag', help: '', default: false },
    widths: { kind: 'ints', label: 'Widths', help: '', default: [3], min: 0, max: 9999, minLength: 1, maxLength: 5 },
  },
};
const catalogue = [...CATALOGUE, allKinds];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function randomValue(p: ParamSpec, r: () => number): ParamValue {
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  switch (p.kind) {
    case 'int':
      return int(p.min, p.max);
    case 'number':
      if (r() < 0.2) return r() < 0.5 ? p.min : p.max;
      return p.log
        ? Math.exp(Math.log(p.min) + r() * (Math.log(p.max) - Math.log(p.min)))
        : p.min + r() * (p.max - p.min);
    case 'choice':
      return p.choices[int(0, p.choices.length - 1)].value;
    case 'bool':
      return r() < 0.5;
    case 'ints':
      return Array.from({ length: int(p.minLength, p.maxLength) }, () => int(p.min, p.max));
  }
}

function randomSpec(r: () => number): RunSpec {
  const meta = catalogue[Math.floor(r() * catalogue.length)];
  const spec = defaultSpec(meta, Math.floor(r() * (MAX_SEED + 1)));
  for (const [key, p] of Object.entries(meta.params)) spec.params[key] = randomValue(p, r);
  return spec;
}

function expectValid(spec: RunSpec): void {
  const meta = catalogue.find((m) => m.id === spec.experiment)!;
  expect(meta).toBeDefined();
  expect(Object.keys(spec.params).sort()).toEqual(Object.keys(meta.params).sort());
  for (const [key, p] of Object.entries(meta.params)) expect(isValidParam(p, spec.params[key]), key).toBe(true);
  expect(Number.isInteger(spec.seed) && spec.seed >= 0 && spec.seed <= MAX_SEED).toBe(true);
}

describe('spec codec', () => {
  it('encodes every parameter, the version and the seed', () => {
    const hash = encodeSpec({ ...defaultSpec(trainNetwork, 3) }, trainNetwork, { autoRun: true });
    expect(hash).toBe(
      '#/train?v=1&seed=3&dataset=mnist&trainSize=10000&testSize=2000&model=lenet300&hidden=300%2C100&optimizer=sgd' +
        '&lr=0.05&momentum=0.9&weightDecay=0&schedule=cosine&warmup=0&batch=64&epochs=2&run=1',
    );
    const back = decodeSpec(hash);
    expect(back).toEqual({ spec: defaultSpec(trainNetwork, 3), notices: [], autoRun: true });
  });

  it('round-trips 300 random valid specs exactly', () => {
    const r = rng(42);
    for (let i = 0; i < 300; i++) {
      const spec = randomSpec(r);
      const meta = catalogue.find((m) => m.id === spec.experiment)!;
      const crossNotices = meta.validate?.(spec.params) ?? [];
      const autoRun = r() < 0.5;
      const back = decodeSpec(encodeSpec(spec, meta, { autoRun }), catalogue);
      expect(back.spec).toEqual(spec);
      expect(back.autoRun).toBe(autoRun);
      expect(back.notices).toEqual(crossNotices);
      expect(normalizeSpec(spec, catalogue)).toEqual({ spec, notices: crossNotices });
    }
  });

  it('replaces bad values by defaults with a notice naming the parameter', () => {
    const { spec, notices } = decodeSpec(
      '#/train?v=2&lr=abc&batch=0&model=resnet&hidden=1,,2&seed=-1&zzz=1&lr=0.5&run=maybe',
    );
    expect(spec.params.lr).toBe(0.5);
    expect(spec.params.batch).toBe(64);
    expect(spec.params.model).toBe('lenet300');
    expect(spec.params.hidden).toEqual([300, 100]);
    expect(spec.seed).toBe(1);
    const text = notices.join('\n');
    for (const word of ['version', 'more than once', 'Batch size', 'Model', 'Hidden widths', 'seed', 'zzz', 'run='])
      expect(text).toContain(word);
  });

  it('reports unknown experiments and impossible combinations', () => {
    const unknown = decodeSpec('#/nope?seed=4');
    expect(unknown.spec.experiment).toBe('train');
    expect(unknown.spec.seed).toBe(4);
    expect(unknown.notices[0]).toContain('Unknown experiment "nope"');
    const cifar = decodeSpec('#/train?dataset=cifar10&model=lenet300');
    expect(cifar.spec.params.dataset).toBe('cifar10');
    expect(cifar.notices).toEqual([expect.stringContaining('LeNet-300-100 takes 28×28 grey images')]);
    expect(decodeSpec('')).toEqual({ spec: defaultSpec(trainNetwork), notices: [], autoRun: false });
  });

  it('gives every preset a link that decodes to its values with no notice', () => {
    const withPresets = CATALOGUE.filter((m) => m.presets?.length);
    expect(withPresets.length).toBeGreaterThan(0);
    for (const meta of withPresets) {
      for (const preset of meta.presets!) {
        for (const [key, value] of Object.entries(preset.params)) {
          expect(meta.params[key], `${meta.id} preset "${preset.label}": ${key}`).toBeDefined();
          expect(
            isValidParam(meta.params[key], value),
            `${meta.id} preset "${preset.label}": ${key} = ${String(value)}`,
          ).toBe(true);
        }
        const spec = presetSpec(meta, preset, 7);
        const decoded = decodeSpec(encodeSpec(spec, meta));
        expect(decoded.notices, `${meta.id} preset "${preset.label}"`).toEqual([]);
        expect(decoded.spec).toEqual(spec);
      }
    }
  });

  it('survives 1,000 random and hostile inputs without throwing or polluting prototypes', () => {
    const r = rng(7);
    const hostile = [
      '#/train?<script>alert(1)</script>=1',
      '#/<img src=x onerror=alert(1)>',
      '#/train?lr=%E0%A4%A',
      '#/%E0%A4%A?x',
      '#/__proto__?__proto__=1&constructor=2&prototype=3',
      '#/train?__proto__[polluted]=1&constructor.prototype.polluted=1',
      '#/constructor',
      '#/toString?valueOf=1',
      `#/train?lr=${'9'.repeat(400)}&batch=1e400&epochs=NaN&seed=Infinity&trainSize=0x10`,
      '#/train?hidden=[1,2]&hidden={"a":1}&lr=1e-400',
      '#/train?epochs=-0&batch=+64&momentum=.5&lr=1.e-3',
      '#',
      '#/',
      '#?',
      '#/train?&&&==&=&a',
      `#/train?${'x=1&'.repeat(5000)}`,
      `#/${'a'.repeat(100000)}`,
      '#/train?dataset=mnist%00&model=mlp%0A',
      '#/train?v=1&v=0&v=%FF',
    ];
    const inputs: unknown[] = [...hostile, null, undefined, 42, {}, [], ['#/train']];
    while (inputs.length < 1000) {
      const kind = r();
      const len = Math.floor(r() * 200);
      if (kind < 0.4) inputs.push(String.fromCharCode(...Array.from({ length: len }, () => Math.floor(r() * 256))));
      else if (kind < 0.7)
        inputs.push(String.fromCharCode(...Array.from({ length: len }, () => Math.floor(r() * 0xffff))));
      else {
        // Mangled real links: keep their shape, corrupt some characters.
        // Encoded with its own experiment: another's parameters may share a name but not a kind.
        const spec = randomSpec(r);
        const good = encodeSpec(
          spec,
          catalogue.find((m) => m.id === spec.experiment)!,
        );
        const chars = [...good];
        for (let k = 0; k < 1 + r() * 5; k++)
          chars[Math.floor(r() * chars.length)] = '%<>&=?#,.-e'[Math.floor(r() * 11)];
        inputs.push(chars.join(''));
      }
    }
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    for (const input of inputs) {
      const out = decodeSpec(input, catalogue);
      expectValid(out.spec);
      expect(typeof out.autoRun).toBe('boolean');
      for (const n of out.notices) {
        expect(typeof n).toBe('string');
        expect(n.length).toBeLessThan(400);
      }
      expect(normalizeSpec(out.spec, catalogue).spec).toEqual(out.spec);
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('normalizes specs of any shape from another thread', () => {
    const cases: unknown[] = [
      null,
      'train',
      { experiment: 'train' },
      JSON.parse(
        '{"experiment":"train","version":1,"seed":2,"params":{"__proto__":{"polluted":1},"lr":"0.1","batch":32.5,"hidden":[1,"2"]}}',
      ),
      { experiment: 'train', version: 1, seed: 2 ** 40, params: [] },
    ];
    for (const c of cases) {
      const { spec, notices } = normalizeSpec(c, catalogue);
      expectValid(spec);
      expect(notices.length).toBeGreaterThan(0);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
