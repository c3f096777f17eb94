// Bindings of both forward variants (attention_forward.wgsl, attention_rows.wgsl); VEC is
// f32, or vec4f when the CPU variant reads whole quarters of a head.

@group(0) @binding(0) var<storage, read> q: array<{{VEC}}>;
@group(0) @binding(1) var<storage, read> k: array<{{VEC}}>;
@group(0) @binding(2) var<storage, read> v: array<{{VEC}}>;
@group(0) @binding(3) var<storage, read_write> f_out: array<{{VEC}}>;
@group(0) @binding(4) var<storage, read_write> f_lse: array<f32>;
// Optional: the probabilities.
@group(0) @binding({{BIND_f_probs}}) var<storage, read_write> f_probs: array<f32>;
