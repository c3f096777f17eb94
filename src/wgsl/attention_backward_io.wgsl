// Bindings of both backward variants (attention_backward.wgsl, attention_rows.wgsl); VEC
// as in attention_forward_io.wgsl.

@group(0) @binding(0) var<storage, read> q: array<{{VEC}}>;
@group(0) @binding(1) var<storage, read> k: array<{{VEC}}>;
@group(0) @binding(2) var<storage, read> v: array<{{VEC}}>;
@group(0) @binding(3) var<storage, read> g_do: array<{{VEC}}>;
@group(0) @binding(4) var<storage, read> g_stats: array<f32>;
@group(0) @binding(5) var<storage, read_write> g_out: array<{{VEC}}>;
