// Bindings of both forward variants (attention_forward.wgsl, attention_rows_forward.wgsl).

@group(0) @binding(0) var<storage, read> q: array<f32>;
@group(0) @binding(1) var<storage, read> k: array<f32>;
@group(0) @binding(2) var<storage, read> v: array<f32>;
@group(0) @binding(3) var<storage, read_write> f_out: array<f32>;
@group(0) @binding(4) var<storage, read_write> f_lse: array<f32>;
{{PROBS_BINDING}}
