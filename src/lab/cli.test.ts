import { describe, it, expect } from 'vitest';
import { parseArgs, parseSeqArgs, usage, UsageError } from './cli.ts';
import { defaultSeqSpec } from './seq-task.ts';
import { defaultTrainSpec } from './train.ts';

describe('lab CLI arguments', () => {
  it('reads the flags of the train command into a spec', () => {
    const a = parseArgs([
      'train',
      '--model=mlp',
      '--hidden=512,256',
      '--dataset=fashion-mnist',
      '--epochs=3',
      '--batch=64',
      '--lr=0.001',
      '--optimizer=adam',
      '--seed=7',
      '--train-size=5000',
      '--out=r.json',
    ]);
    expect(a.spec).toMatchObject({
      model: 'mlp',
      hidden: [512, 256],
      dataset: 'fashion-mnist',
      epochs: 3,
      batch: 64,
      lr: 0.001,
      optimizer: 'adam',
      seed: 7,
      trainSize: 5000,
    });
    expect(a.out).toBe('r.json');
    expect(parseArgs(['train']).spec).toEqual(defaultTrainSpec);
  });

  it.each([
    [[], /no command/],
    [['fly'], /unknown command "fly"/],
    [['train', '--lr'], /--flag=value/],
    [['train', '--lr=fast'], /--lr needs a number/],
    [['train', '--epochs=1.5'], /--epochs needs an integer/],
    [['train', '--colour=red'], /unknown flag --colour/],
    [['train', '--batch=0'], /batch must be an integer ≥ 1/],
    [['train', '--optimizer=lbfgs'], /optimizer must be/],
    [['train', '--model=mlp', '--hidden=10,x'], /--hidden needs a number/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseArgs(argv as string[])).toThrow(UsageError);
    expect(() => parseArgs(argv as string[])).toThrow(message);
  });

  it('documents every flag in the usage text', () => {
    for (const flag of ['--dataset', '--model', '--lr', '--epochs', '--batch', '--seed', '--out'])
      expect(usage()).toContain(flag);
  });
});

describe('lab CLI: image presets, augmentation and the seq command', () => {
  it('reads --model, --width and --augment for the image presets', () => {
    const a = parseArgs([
      'train',
      '--model=conv4',
      '--width=0.25',
      '--dataset=cifar10',
      '--augment=1',
      '--train-size=10000',
    ]);
    expect(a.spec).toMatchObject({ model: 'conv4', width: 0.25, dataset: 'cifar10', augment: true, trainSize: 10000 });
    expect(parseArgs(['train', '--model=vit', '--augment=0']).spec).toMatchObject({ model: 'vit', augment: false });
    expect(parseArgs(['train', '--model=resnet20']).spec.model).toBe('resnet20');
  });

  it('reads the seq command into a sequence-task spec', () => {
    const a = parseSeqArgs([
      'seq',
      '--task=copy',
      '--length=6',
      '--vocab=12',
      '--layers=2',
      '--features=32',
      '--heads=2',
      '--steps=300',
      '--lr=0.001',
      '--out=s.json',
    ]);
    expect(a.spec).toMatchObject({
      task: 'copy',
      length: 6,
      vocab: 12,
      layers: 2,
      features: 32,
      heads: 2,
      steps: 300,
      lr: 0.001,
    });
    expect(a.out).toBe('s.json');
    expect(parseSeqArgs(['seq']).spec).toEqual(defaultSeqSpec);
  });

  it.each([
    [['train', '--augment=yes'], /--augment needs 0 or 1/],
    [['train', '--width=0'], /width must be in/],
    [['train', '--model=vgg'], /model must be/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it.each([
    [['seq', '--task=reverse'], /task must be copy or sort/],
    [['seq', '--features=30'], /split into 4 heads/],
    [['seq', '--colour=red'], /unknown flag --colour/],
    [['seq', '--length=x'], /--length needs a number/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseSeqArgs(argv)).toThrow(UsageError);
    expect(() => parseSeqArgs(argv)).toThrow(message);
  });

  it('documents the new flags and the seq command', () => {
    for (const flag of ['--width', '--augment', 'seq', '--task', '--length', '--steps'])
      expect(usage()).toContain(flag);
  });
});
