// The weight gradient of conv2d_wgrad.wgsl for SwiftShader/CPU adapters, appended to it: each
// thread owns TM output channels × TN input channels of one tap and walks the output pixels whose
// window at that tap lies inside the input.
//
// Straight-line code over named registers as in conv2d_gemm_registers.wgsl: ORIGIN places the
// block (o0, c0) by thread index or by SIMD quad (kernels/quads.ts); REG_SETUP clamps the channels
// and zeroes acc<i>_<j> (= dW[o0 + i][c0 + 4j .. + 3] at this tap); REG_STEP loads the output
// gradient gs<i> and input quads xv<j> of one pixel and accumulates their outer product.

const WG: u32 = 64u;

// Output positions o in [lo, hi) with 0 ≤ o·s + k − pad < size.
fn valid_range(k: u32, size: u32, outSize: u32) -> vec2u {
  let s = i32(p.stride);
  let lo = max(0, (i32(p.pad) - i32(k) + s - 1) / s);
  let last = i32(size + p.pad) - 1 - i32(k);
  let hi = select(0, min(i32(outSize), last / s + 1), last >= 0);
  return vec2u(u32(lo), u32(max(hi, lo)));
}

@compute @workgroup_size(64)
fn wgrad(@builtin(global_invocation_id) gid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  {{ORIGIN}}
  let taps = p.KH * p.KW;
  let tap = wid.z % taps;
  let split = wid.z / taps;
  let ky = tap / p.KW;
  let kx = tap % p.KW;
  {{REG_SETUP}}
  let ys = valid_range(ky, p.H, p.OH);
  let xs = valid_range(kx, p.W, p.OW);
  let b0 = split * p.batchPerSplit;
  let b1 = min(b0 + p.batchPerSplit, p.B);
  for (var b = b0; b < b1; b++) {
    for (var oy = ys.x; oy < ys.y; oy++) {
      let rowX = (b * p.H + oy * p.stride + ky - p.pad) * p.W;
      let rowG = (b * p.OH + oy) * p.OW;
      for (var ox = xs.x; ox < xs.y; ox++) {
        let xo = (rowX + ox * p.stride + kx - p.pad) * p.IC;
        let go = (rowG + ox) * p.OC;
        {{REG_STEP}}
      }
    }
  }
  let base = split * p.OC * p.IC * taps;
  {{REG_STORE}}
}
