// Relative representations (src/lab/experiments/representations/relative-representations.ts): the
// stitching matrices (encoder i × head j, test accuracy) for absolute and relative codes as of the
// scrubbed epoch, their diagonal vs off-diagonal accuracy over epochs, and the codes of a few test
// images per class from run 1 beside run 2: relative codes (cosines to the anchors, in class order)
// look alike across the runs, absolute latents do not. How alike the two runs' codes are (linear CKA
// and the paper's kNN-Jaccard of cross-space retrieval) is drawn per epoch beside the accuracies.
import type { RunRecord } from '../../history/types.ts';
import { Heatmap, HeatmapPanels } from '../../charts/Heatmap.tsx';
import { seriesColor } from '../../charts/series-colors.ts';
import { LineChart, type Line } from '../LineChart.tsx';
import { codesOf, MODES, RUNS, stitchingOf, type Mode } from './relative-data.ts';

const ACCURACY = { scheme: 'viridis', domain: [0, 1], label: 'test accuracy', units: 'fraction correct' } as const;
const MODE_LABEL: Record<Mode, string> = {
  absolute: 'absolute codes (latent)',
  relative: 'relative codes (cosines to anchors)',
};

function StitchingMatrix({ run, mode }: { run: RunRecord; mode: Mode }) {
  const s = stitchingOf(run, mode);
  if (!s) return <p className="muted small">The {mode} stitching matrix appears after the first epoch.</p>;
  const names = RUNS.map((r) => String(r + 1));
  return (
    <div
      style={{ minWidth: 0 }}
      data-testid={`stitching-${mode}`}
      data-unstitched={s.unstitched}
      data-stitched={s.stitched}
      data-cosine={s.cosine ?? ''}
      data-cka={s.cka ?? ''}
      data-knn-jaccard={s.knnJaccard ?? ''}
      data-epoch={s.epoch}
    >
      <Heatmap
        title={`Stitching, ${MODE_LABEL[mode]}`}
        file={`stitching-${mode}`}
        rows={2}
        cols={2}
        data={s.matrix}
        topDown
        maxSize={220}
        x={{ label: 'head of run', domain: [0, 1], names }}
        y={{ label: 'encoder of run', domain: [0, 1], names }}
        scale={ACCURACY}
        overlay={({ x, y }) => (
          <g>
            {RUNS.flatMap((i) =>
              RUNS.map((j) => {
                const v = s.matrix[2 * i + j];
                return (
                  <text
                    key={`${i}-${j}`}
                    x={x(j)}
                    y={y(i)}
                    dy="0.35em"
                    textAnchor="middle"
                    fontSize={14}
                    fontWeight={700}
                    fill={v > 0.6 ? '#111' : '#fff'}
                    data-encoder={i + 1}
                    data-head={j + 1}
                    data-accuracy={v}
                  >
                    {(100 * v).toFixed(1)}%
                  </text>
                );
              }),
            )}
          </g>
        )}
        caption={
          <>
            Epoch {s.epoch}: diagonal (own head) {(100 * s.unstitched).toFixed(1)}%, stitched (the other run’s head){' '}
            {(100 * s.stitched).toFixed(1)}%; codes of the two runs: mean cosine {s.cosine?.toFixed(2) ?? '–'}, linear
            CKA {s.cka?.toFixed(2) ?? '–'}, kNN-Jaccard (k = 10) {s.knnJaccard?.toFixed(2) ?? '–'}.
          </>
        }
      />
    </div>
  );
}

function CodePanels({ run, mode }: { run: RunRecord; mode: Mode }) {
  const c = codesOf(run, mode);
  if (!c) return null;
  const relative = mode === 'relative';
  const scale = relative
    ? ({ scheme: 'rdbu', domain: [-1, 1], center: 0, label: 'cosine to anchor', units: 'cos' } as const)
    : ({
        scheme: 'rdbu',
        domain: [-c.absMax, c.absMax],
        center: 0,
        label: 'latent coordinate',
        units: 'activation',
      } as const);
  return (
    <HeatmapPanels
      title={relative ? 'Relative codes: test images × anchors' : 'Absolute codes: test images × latent units'}
      file={`codes-${mode}`}
      testId={`codes-${mode}`}
      scale={scale}
      panels={c.panels.map((p, r) => ({ ...p, label: `run ${r + 1}` }))}
      cellSize={relative ? 2 : 4}
      minPanel={120}
      caption={
        relative
          ? `${c.rows} test images (rows, ${c.perClass} per class in class order) against the ${c.cols} anchors (columns, in class order). Where the codes stitch, both runs show the same class blocks.`
          : `The same ${c.rows} test images in each run’s ${c.cols}-unit latent: each run uses its latent units in its own way, so the two absolute codes need not match.`
      }
    />
  );
}

export function RelativeRepresentationsView({ run }: { run: RunRecord | null }) {
  const lines: Line[] = run
    ? MODES.flatMap((mode) => {
        const series = stitchingOf(run, mode)?.series;
        if (!series) return [];
        return [
          {
            key: `${mode}-own`,
            label: `${mode}, own head`,
            color: seriesColor(mode),
            steps: series.epochs,
            values: series.unstitched,
          },
          {
            key: `${mode}-stitched`,
            label: `${mode}, stitched`,
            color: seriesColor(mode),
            steps: series.epochs,
            values: series.stitched,
            dashed: true,
          },
        ];
      })
    : [];
  // The two runs' codes compared: linear CKA forgives rotations, kNN-Jaccard (retrieval from run 1's
  // codes among run 2's) does not, like the paper's Table 1.
  const similarity: Line[] = run
    ? MODES.flatMap((mode) =>
        (
          [
            ['knn-jaccard', 'kNN-Jaccard', false],
            ['cka', 'linear CKA', true],
          ] as const
        ).flatMap(([metric, label, dashed]) => {
          const s = run.metrics[`similarity/${metric} ${mode}`];
          return s && s.values.length > 0
            ? [
                {
                  key: `${mode}-${metric}`,
                  label: `${mode}, ${label}`,
                  color: seriesColor(mode),
                  steps: s.steps,
                  values: s.values,
                  dashed,
                },
              ]
            : [];
        }),
      )
    : [];
  return (
    <div data-testid="view-relative-representations">
      <div className="view-row">
        {run ? (
          MODES.map((mode) => <StitchingMatrix key={mode} run={run} mode={mode} />)
        ) : (
          <p className="muted small">The stitching matrices appear after the first epoch.</p>
        )}
        <div style={{ minWidth: 0 }}>
          <LineChart
            title="Own head vs stitched head, per epoch"
            yLabel="test accuracy"
            xLabel="epoch"
            file="stitching-accuracy"
            smoothing={false}
            lines={lines}
            empty="Accuracies appear after the first epoch."
          />
        </div>
        <div style={{ minWidth: 0 }} data-testid="code-similarity">
          <LineChart
            title="Run 1’s codes vs run 2’s: kNN-Jaccard (solid), linear CKA (dashed)"
            yLabel="similarity (1 = same)"
            xLabel="epoch"
            file="code-similarity"
            smoothing={false}
            lines={similarity}
            empty="Similarities appear after the first epoch."
          />
          <p className="muted small">
            kNN-Jaccard: for each test image, the 10 run-2 codes nearest (cosine) to its run-1 code vs the 10 nearest to
            its run-2 code, the image itself included (finding it is a hit); |A ∩ B| / |A ∪ B|, averaged. Retrieval
            across the runs needs shared coordinates: chance (≈ 10 / images) for unrelated bases. Linear CKA forgives
            any rotation.
          </p>
        </div>
      </div>
      {run && (
        <div className="view-row">
          {MODES.map((mode) => (
            <div key={mode} style={{ minWidth: 0 }}>
              <CodePanels run={run} mode={mode} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
