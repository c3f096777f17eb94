import { describe, expect, it } from 'vitest';
import { defaultSpec, metaById } from '../../../lab/catalogue.ts';
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord } from '../../history/types.ts';
import { decodeResults, encodeResults, ResultsFileError, resultsJson } from './codec.ts';

const bits = (a: ArrayBufferView) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

function sampleRun(): RunRecord {
  const weights: Snapshot = {
    kind: 'image-grid',
    name: 'weights/fc1',
    step: 40,
    shape: [2, 2, 2, 1],
    // Values JSON numbers would not keep: NaN with a payload, -0, a subnormal, ±Infinity.
    data: new Float32Array(
      new Uint32Array([0x7fc00123, 0x80000000, 1, 0x3eaaaaab, 0x7f800000, 0xff800000, 7, 8]).buffer,
    ),
  };
  const confusion: Snapshot = {
    kind: 'confusion',
    name: 'confusion',
    step: 40,
    shape: [2, 2],
    data: new Uint32Array([5, 1, 0, 4]),
    labels: ['a', 'b'],
  };
  const gallery: Snapshot = {
    kind: 'gallery',
    name: 'misclassified',
    step: 40,
    shape: [1, 2, 2, 1],
    data: new Uint8Array([0, 255, 7, 9]),
    predicted: new Uint32Array([1]),
    truth: new Uint32Array([0]),
    labels: ['a', 'b'],
  };
  const older = { ...weights, step: 20, data: new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]) };
  return {
    id: 'run-1',
    name: 'train · lr=0.1 · seed 3',
    spec: { ...defaultSpec(metaById('train')!, 3), params: { ...defaultSpec(metaById('train')!).params, lr: 0.1 } },
    status: 'done',
    appVersion: '0.1.0',
    startedAt: 1_700_000_000_000,
    updatedAt: 1_700_000_001_000,
    finishedAt: 1_700_000_001_000,
    metrics: {
      'train/loss': { steps: [1, 2, 3], values: [2.302585092994046, 0.1 + 0.2, NaN], at: [1, 2, 3] },
      'test/accuracy': { steps: [3], values: [-0] },
    },
    snapshots: { 'weights/fc1': weights, confusion, misclassified: gallery },
    frames: { 'weights/fc1': { at: [20, 40], snapshots: [older, weights], seen: 2, stride: 1, tail: false } },
    progress: { type: 'progress', step: 3, total: 3, examplesPerSecond: 100, etaSeconds: Infinity },
    summary: { testAccuracy: 0.5, trainLoss: NaN, model: 'lenet300' },
    error: null,
    logs: ['hello'],
  };
}

async function roundTrip(run: RunRecord): Promise<RunRecord> {
  const blob = await encodeResults(run, 'test');
  const bytes = new Uint8Array(await blob.arrayBuffer());
  expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
  return (await decodeResults(bytes)).run;
}

describe('results file', () => {
  it('round-trips a run bit for bit: typed arrays, series, special numbers and frames', async () => {
    const run = sampleRun();
    const back = await roundTrip(run);
    for (const [name, s] of Object.entries(run.snapshots)) {
      const b = back.snapshots[name];
      expect(b.data.constructor).toBe(s.data.constructor);
      expect(bits(b.data)).toEqual(bits(s.data));
      expect({ ...b, data: null, predicted: null, truth: null }).toEqual({
        ...s,
        data: null,
        predicted: null,
        truth: null,
      });
    }
    expect(bits(back.snapshots.misclassified.predicted!)).toEqual([1, 0, 0, 0]);
    for (const [name, s] of Object.entries(run.metrics)) {
      const b = back.metrics[name];
      expect(b.steps).toEqual(s.steps);
      expect(b.values.length).toBe(s.values.length);
      b.values.forEach((v, i) => expect(Object.is(v, s.values[i])).toBe(true));
    }
    expect(back.metrics['train/loss'].at).toEqual([1, 2, 3]);
    expect(back.frames!['weights/fc1'].at).toEqual([20, 40]);
    expect(bits(back.frames!['weights/fc1'].snapshots[0].data)).toEqual(
      bits(run.frames!['weights/fc1'].snapshots[0].data),
    );
    // The newest snapshot is also the last frame: stored once, shared again.
    expect(back.frames!['weights/fc1'].snapshots[1].data).toBe(back.snapshots['weights/fc1'].data);
    expect(back.progress?.etaSeconds).toBe(Infinity);
    expect(back.summary).toEqual(run.summary);
    const { metrics: _m, snapshots: _s, frames: _f, ...rest } = back;
    const { metrics: _m2, snapshots: _s2, frames: _f2, ...restIn } = run;
    expect(rest).toEqual(restIn);
  });

  it('stores a shared array once (5 series arrays, 5 snapshot arrays, 1 older frame)', () => {
    const text = resultsJson(sampleRun(), 'test');
    expect(JSON.parse(text).arrays).toHaveLength(11);
  });

  it('opens a run exported mid-run as interrupted', async () => {
    expect((await roundTrip({ ...sampleRun(), status: 'running' })).status).toBe('interrupted');
  });

  it('refuses foreign and damaged files with a message that says so', async () => {
    const enc = (t: string) => new TextEncoder().encode(t);
    const refusal = async (bytes: Uint8Array<ArrayBuffer>) => {
      const err = await decodeResults(bytes).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ResultsFileError);
      return (err as Error).message;
    };
    expect(await refusal(enc('PK\u0003\u0004 zip'))).toMatch(/neither gzip-compressed nor JSON/);
    expect(await refusal(new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]))).toMatch(/gzip data cannot be decompressed/);
    expect(await refusal(enc('{"format":'))).toMatch(/not valid JSON/);
    expect(await refusal(enc('{"format":"tabula-run"}'))).toMatch(/JSON export of a run/);
    expect(await refusal(enc('{"format":"other"}'))).toMatch(/not a Tabula results file/);
    expect(await refusal(enc('{"format":"tabula-results","version":9,"arrays":[]}'))).toMatch(/version 9/);
    const good = JSON.parse(resultsJson(sampleRun(), 'test'));
    const bad = (edit: (d: typeof good) => void) => {
      const d = structuredClone(good);
      edit(d);
      return enc(JSON.stringify(d));
    };
    expect(await refusal(bad((d) => (d.run.spec.experiment = 'nope')))).toMatch(
      /"nope", an experiment this lab does not have/,
    );
    expect(await refusal(bad((d) => (d.arrays[0].base64 = 'AAA')))).toMatch(/partial element|not valid base64/);
    expect(await refusal(bad((d) => d.arrays.pop()))).toMatch(/refers to array 10/);
    expect(await refusal(bad((d) => (d.run.metrics['train/loss'].values = { $a: 5 })))).toMatch(
      /values of train\/loss/,
    );
    expect(await refusal(bad((d) => (d.run.snapshots.confusion.shape = 'x')))).toMatch(/confusion has no valid shape/);
  });
});
