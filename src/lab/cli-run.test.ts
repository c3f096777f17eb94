import { describe, expect, it } from 'vitest';
import { testContext } from '../gpu/testing.ts';
import { trainNetwork } from './experiments/train/train.experiment.ts';
import { lotteryRewind } from './experiments/pruning/lottery-rewind.experiment.ts';
import { parseRunArgs, runSpec, specFromLink } from './cli-run.ts';
import { UsageError } from './cli-args.ts';
import { fsSource } from './datasets-node.ts';
import { datasetLoader } from './runner.ts';
import { encodeSpec } from './spec-codec.ts';

describe('lab CLI: run a shared link', () => {
  const rewind =
    '#/lottery-rewind?v=1&seed=4&dataset=fashion-mnist&hidden=256,256,256,256,256,256&rounds=1&rate=0.98&rewinds=0,1';

  it('reads the whole URL, the hash or the bare path alike, and round-trips the canonical link', () => {
    const spec = specFromLink(`http://localhost:5173/${rewind}`);
    expect(spec).toMatchObject({
      experiment: 'lottery-rewind',
      seed: 4,
      params: {
        dataset: 'fashion-mnist',
        hidden: [256, 256, 256, 256, 256, 256],
        rounds: 1,
        rate: 0.98,
        rewinds: [0, 1],
      },
    });
    expect(specFromLink(rewind)).toEqual(spec);
    expect(specFromLink(rewind.slice(1))).toEqual(spec);
    expect(specFromLink(encodeSpec(spec, lotteryRewind))).toEqual(spec);
    expect(parseRunArgs([rewind, '--out=r.json', '--kernels=cpu'])).toMatchObject({
      spec,
      out: 'r.json',
      kernels: 'cpu',
      datasets: 'public/datasets',
    });
  });

  it.each([
    [[], /run needs a link/],
    [['--out=x.json'], /run needs a link/],
    [['http://localhost:5173/'], /names no experiment.*lottery-rewind/],
    [['#/trian?lr=0.1'], /Unknown experiment "trian"/],
    [['#/train?lr=fast'], /Learning rate: "fast" is not a number/],
    [['#/train?epochs=0&lr=0.1'], /Epochs: "0" must be between 1 and 100/],
    [['#/train', '--colour=red'], /unknown flag --colour/],
    [['#/train', 'extra'], /--flag=value/],
    [['#/train', '--kernels=fast'], /--kernels must be one of/],
  ])('refuses %j with the reason', (argv, message) => {
    expect(() => parseRunArgs(argv as string[])).toThrow(UsageError);
    expect(() => parseRunArgs(argv as string[])).toThrow(message);
  });

  it('takes the lottery MLPs up to 8 hidden layers', () => {
    expect(specFromLink(`#/lottery-ticket?hidden=${Array(8).fill(64).join(',')}`).params.hidden).toHaveLength(8);
    expect(() => specFromLink(`#/lottery-ticket?hidden=${Array(9).fill(64).join(',')}`)).toThrow(/1 to 8/);
  });

  it('runs a link to its end through the Runner, the same numbers twice', async () => {
    const spec = specFromLink('#/train?v=1&seed=3&dataset=mnist&trainSize=256&testSize=128&epochs=1&batch=64');
    const lines: string[] = [];
    const deps = { gpu: testContext, dataset: datasetLoader(fsSource('public/datasets')) };
    const a = await runSpec(spec, deps, (l) => lines.push(l), 0);
    expect(a.error).toBeUndefined();
    expect(a.done?.summary).toMatchObject({ steps: 4, trainExamples: 256, testExamples: 128 });
    expect(a.metrics['test/accuracy']).toBe(a.done?.summary.testAccuracy);
    expect(a.link).toBe(encodeSpec(spec, trainNetwork));
    // Four steps end inside the ETA's warm-up, so the rate may not be measured yet: then it is left out, not guessed.
    expect(lines.some((l) => /^step 4 \/ 4( · \d+ ex\/s)? · \d+ s, /.test(l))).toBe(true);
    const b = await runSpec(spec, deps, () => {}, 0);
    expect(b.done?.summary.testAccuracy).toBe(a.done?.summary.testAccuracy);
    expect(b.done?.summary.trainLoss).toBe(a.done?.summary.trainLoss);
  });

  it('ends a run whose dataset is missing with a dataset error naming the fix', async () => {
    const spec = specFromLink('#/train?dataset=fashion-mnist&trainSize=256');
    const r = await runSpec(spec, { gpu: testContext, dataset: datasetLoader(fsSource('/nonexistent')) }, () => {});
    expect(r.done).toBeUndefined();
    expect(r.error).toMatchObject({ kind: 'dataset' });
    expect(r.error?.message).toMatch(/npm run datasets/);
  });
});
