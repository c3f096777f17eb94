/**
 * The register block of gemm_tiles.wgsl, the workgroup-tiled GEMM that matmul and the
 * convolutions run on GPUs, generated as straight-line code over named registers for a BM×BN
 * workgroup tile (BM, BN ∈ {64, 128}; 16×16 threads, each (BM/16)×(BN/16) outputs).
 */
import gemmTilesCode from '../../wgsl/gemm_tiles.wgsl?raw';

export type TileSide = 64 | 128;

/** Threads per side of the workgroup; @workgroup_size(16, 16) in gemm_tiles.wgsl. */
export const TILE_THREADS = 16;
/** k per tile, BK in gemm_tiles.wgsl. */
const BK = 8;
export const TILE_DEFINES = ['BM', 'BN', 'TILE_ACC', 'TILE_FMA', 'TILE_STORE'] as const;

/** A kernel's own WGSL (operand reads, Tile, store_c) followed by the shared GEMM. */
export const withTileGemm = (code: string): string => `${code}\n${gemmTilesCode}`;

/** Workgroup memory of a BM×BN tile: two k-tiles of A and B. */
export const tileBytes = (BM: TileSide, BN: TileSide): number => 2 * BK * (BM + BN) * 4;

/** The workgroup tile side for a GEMM dimension: 128 where it is larger than 64. */
export const tileSide = (n: number): TileSide => (n > 64 ? 128 : 64);

const range = (n: number): number[] => [...Array(n).keys()];

/** TILE_* defines of gemm_tiles.wgsl (see that file for the register layout). */
export function tileBlock(BM: TileSide, BN: TileSide) {
  const groupsM = range(BM / 64);
  const groupsN = range(BN / 64);
  const rows = range(BM / 16);
  const acc = (r: number, h: number): string => `acc${r}_${h}`;
  const join = (lines: string[]): string => lines.join('\n      ');
  return {
    BM,
    BN,
    TILE_ACC: join(rows.flatMap((r) => groupsN.map((h) => `var ${acc(r, h)} = vec4f(0.0);`))),
    TILE_FMA: join([
      ...groupsM.map((g) => `let a${g} = As[s][k][lid.y + ${16 * g}u];`),
      ...groupsN.map((h) => `let b${h} = Bs[s][k][lid.x + ${16 * h}u];`),
      ...rows.flatMap((r) => groupsN.map((h) => `${acc(r, h)} += a${r >> 2}.${'xyzw'[r & 3]} * b${h};`)),
    ]),
    TILE_STORE: join(
      rows.flatMap((r) =>
        groupsN.map(
          (h) => `store_c(t, ${64 * (r >> 2) + (r & 3)}u + 4u * lid.y, ${64 * h}u + 4u * lid.x, ${acc(r, h)});`,
        ),
      ),
    ),
  };
}
