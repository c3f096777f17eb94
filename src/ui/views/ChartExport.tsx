import type { RefObject } from 'react';
import { canvasToPng, download, serializeSvg, svgToPng } from '../export.ts';

/** SVG and PNG downloads of a chart drawn as SVG, or PNG of one drawn on a canvas. */
export function ChartExport({
  svg,
  canvas,
  file,
}: {
  svg?: RefObject<SVGSVGElement | null>;
  canvas?: RefObject<HTMLCanvasElement | null>;
  file: string;
}) {
  const asSvg = () => {
    if (svg?.current) download(`${file}.svg`, new Blob([serializeSvg(svg.current)], { type: 'image/svg+xml' }));
  };
  const asPng = async () => {
    if (svg?.current) {
      const box = svg.current.viewBox.baseVal;
      download(`${file}.png`, await svgToPng(serializeSvg(svg.current), box.width, box.height));
    } else if (canvas?.current) {
      download(`${file}.png`, await canvasToPng(canvas.current));
    }
  };
  return (
    <span className="export-buttons">
      {svg && (
        <button type="button" className="mini" onClick={asSvg} aria-label={`Download ${file} as SVG`}>
          SVG
        </button>
      )}
      <button type="button" className="mini" onClick={() => void asPng()} aria-label={`Download ${file} as PNG`}>
        PNG
      </button>
    </span>
  );
}
