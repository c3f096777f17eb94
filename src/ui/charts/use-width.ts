import { useEffect, useRef, useState } from 'react';

/** The element's width in CSS pixels, so a chart's text stays 11 px whatever the layout. */
export function useWidth(fallback: number, min = 240) {
  const ref = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => setWidth(Math.max(min, Math.round(e.contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, [min]);
  return [ref, width] as const;
}
