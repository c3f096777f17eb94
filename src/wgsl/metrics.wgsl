// Running training metrics kept on the GPU, so that a step never waits for a read-back.
// acc = [loss sum, correct sum, examples, steps, first non-finite step + 1 (0 = none), spare×3].
// One thread sums the batch in order: deterministic, and B is small next to the step's matmuls.

@group(0) @binding(0) var<storage, read> loss: array<f32>;      // per-example loss [B]
@group(0) @binding(1) var<storage, read> correct: array<f32>;   // 1 where the prediction is right [B]
@group(0) @binding(2) var<storage, read_write> acc: array<f32>;
struct Params { batch: u32, step: u32 }
@group(0) @binding(3) var<uniform> p: Params;

fn finite(x: f32) -> bool {
  // NaN fails every comparison; ±Inf exceeds the largest finite f32.
  return x == x && abs(x) <= 3.4028234e38;
}

@compute @workgroup_size(1)
fn main() {
  var l = 0.0;
  var c = 0.0;
  for (var i = 0u; i < p.batch; i++) {
    l += loss[i];
    c += correct[i];
  }
  acc[0] += l;
  acc[1] += c;
  acc[2] += f32(p.batch);
  acc[3] += 1.0;
  if (!finite(l) && acc[4] == 0.0) {
    acc[4] = f32(p.step + 1u);
  }
}
