import { expect, test } from '@playwright/test';
import { waitDone } from './wait-done.ts';

// Conv-2 tickets (SwiftShader runs the kernels on the CPU): 1/16 width (4 channels, FC 16-16-10), 200 MNIST images, one round.
const CONV =
  'v=1&model=conv2&width=0.0625&dataset=mnist&trainSize=200&testSize=100&hidden=64,32&batch=50&epochs=1&optimizer=sgd&lr=0.05&rounds=1&rate=0.5&outputRate=0.25&scope=global&rewinds=0,25';

test.use({ viewport: { width: 1500, height: 2600 } });

test('a Conv-2 rewinding run draws conv masks as per-filter kernel tiles', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(`/#/lottery-rewind?seed=1&${CONV}&run=1`);
  await waitDone(page, 280_000);
  const view = page.getByTestId('view-masks');
  // conv1 [4, 1, 3, 3] and conv2 [4, 4, 3, 3] as kernel tiles; fc1..fc3 as [in, out] heatmaps.
  await expect(view.getByTestId('conv-mask')).toHaveCount(2);
  await expect(view.getByTestId('mask-heatmap')).toHaveCount(3);
  await expect(view.getByTestId('conv-mask').first()).toContainText('4 filters × 1 channels of 3×3');
  await expect(view.getByTestId('mask-tiles')).toHaveCount(0);
  await view.screenshot({ path: test.info().outputPath('pruning-05-conv.png') });
  await view
    .getByTestId('conv-mask')
    .nth(1)
    .screenshot({ path: test.info().outputPath('pruning-06-conv2-mask.png') });
});

// ResNet-20 at ¼ width (4/8/16 channels) on 200 MNIST images: every conv, shortcuts included, gets a mask.
const RESNET =
  'v=1&model=resnet20&width=0.25&dataset=mnist&trainSize=200&testSize=100&hidden=64,32&batch=50&epochs=1&optimizer=sgd&lr=0.1&rounds=1&rate=0.5&outputRate=0.25&scope=global&rewinds=0,25';

test('a ResNet-20 rewinding run masks all 21 convs and the classifier, and draws the instability curves', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.goto(`/#/lottery-rewind?seed=1&${RESNET}&run=1`);
  await waitDone(page, 280_000);
  const view = page.getByTestId('view-masks');
  await expect(view.getByTestId('conv-mask')).toHaveCount(21);
  await expect(view.getByTestId('mask-heatmap')).toHaveCount(1);
  await expect(view.getByTestId('conv-mask').filter({ hasText: '8 filters × 4 channels of 1×1' })).toHaveCount(1);
  await page.screenshot({ path: test.info().outputPath('pruning-07-resnet.png'), fullPage: true });
});
