// Downloads: a run's data as JSON or CSV, a chart as SVG or PNG. Everything is built in the page.
import type { Snapshot } from '../lab/experiment.ts';
import type { RunRecord } from './history/types.ts';

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function fileStem(run: RunRecord): string {
  return `tabula-${run.spec.experiment}-${new Date(run.startedAt).toISOString().replace(/[:.]/g, '-').slice(0, 19)}`;
}

function plainSnapshot(s: Snapshot) {
  return {
    ...s,
    data: Array.from(s.data),
    predicted: s.predicted ? Array.from(s.predicted) : undefined,
    truth: s.truth ? Array.from(s.truth) : undefined,
    dtype: s.data.constructor.name,
  };
}

export function runJson(run: RunRecord): string {
  return JSON.stringify(
    {
      format: 'tabula-run',
      appVersion: run.appVersion,
      exportedBy: __APP_VERSION__,
      id: run.id,
      name: run.name,
      status: run.status,
      startedAt: new Date(run.startedAt).toISOString(),
      finishedAt: run.finishedAt === null ? null : new Date(run.finishedAt).toISOString(),
      spec: run.spec,
      summary: run.summary,
      error: run.error,
      metrics: run.metrics,
      snapshots: Object.values(run.snapshots).map(plainSnapshot),
      logs: run.logs,
    },
    null,
    1,
  );
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Long format (series, step, value), preceded by `#` comment lines with the version and spec. */
export function runCsv(run: RunRecord): string {
  const lines = [
    `# tabula ${run.appVersion}`,
    `# run ${run.name} (${run.status})`,
    `# spec ${JSON.stringify(run.spec)}`,
    'series,step,value',
  ];
  for (const [name, s] of Object.entries(run.metrics)) {
    for (let i = 0; i < s.steps.length; i++) lines.push(`${csvCell(name)},${s.steps[i]},${s.values[i]}`);
  }
  return `${lines.join('\n')}\n`;
}

export function exportRun(run: RunRecord, format: 'json' | 'csv'): void {
  const text = format === 'json' ? runJson(run) : runCsv(run);
  download(
    `${fileStem(run)}.${format}`,
    new Blob([text], { type: format === 'json' ? 'application/json' : 'text/csv' }),
  );
}

/** A standalone SVG: colours and fonts the page supplies through CSS are written into it. */
export function serializeSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const style = getComputedStyle(svg);
  const box = svg.viewBox.baseVal;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(box.width));
  clone.setAttribute('height', String(box.height));
  clone.setAttribute('color', style.color);
  clone.setAttribute('font-family', style.fontFamily);
  clone.style.color = style.color;
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', getComputedStyle(document.documentElement).getPropertyValue('--paper').trim() || '#fff');
  clone.insertBefore(bg, clone.firstChild);
  return new XMLSerializer().serializeToString(clone);
}

export async function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = height * scale;
    canvas.getContext('2d')!.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}
