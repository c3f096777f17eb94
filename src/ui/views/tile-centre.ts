// How much of a weight tile's pattern sits on the centre of the image: a unit that learned the digits
// has its weights' deviation from the (never-updated) border concentrated there; noise spreads evenly,
// about a quarter of it in the central quarter of the area.

/** Share of |tile − its border mean| inside the central half (in each direction) of an h × w tile. */
export function centreShare(tile: ArrayLike<number>, h: number, w: number): number {
  let border = 0;
  let nb = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      if (y === 0 || x === 0 || y === h - 1 || x === w - 1) {
        border += tile[y * w + x];
        nb++;
      }
  const base = nb ? border / nb : 0;
  let centre = 0;
  let total = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const d = Math.abs(tile[y * w + x] - base);
      total += d;
      if (y >= h / 4 && y < (3 * h) / 4 && x >= w / 4 && x < (3 * w) / 4) centre += d;
    }
  return total > 0 ? centre / total : 0;
}

/** The mean centre share over n tiles of h × w stored one after another. */
export function meanCentreShare(data: ArrayLike<number>, n: number, h: number, w: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += centreShare(Array.prototype.slice.call(data, i * h * w, (i + 1) * h * w), h, w);
  return n ? s / n : 0;
}
