// The SVG frame of the pruning family's hand-drawn charts (density bars, metric vs weights remaining).
export const W = 420;
export const H = 230;
export const M = { left: 48, right: 12, top: 10, bottom: 34 };
