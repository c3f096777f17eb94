// Activation functions and their derivatives, shared by the elementwise kernels and the matmul
// epilogue (prepended to their code by withActivations). Derivatives named *_y take the output.

// tanh(±10) rounds to ±1 in f32; clamping keeps drivers that compute tanh via exp from overflowing.
fn act_tanh(x: f32) -> f32 {
  return tanh(clamp(x, -10.0, 10.0));
}

fn act_relu(x: f32) -> f32 {
  return max(x, 0.0);
}

// Split on the sign so exp never overflows to inf in the numerator.
fn act_sigmoid(x: f32) -> f32 {
  let e = exp(-abs(x));
  return select(e / (1.0 + e), 1.0 / (1.0 + e), x >= 0.0);
}

const GELU_K: f32 = 0.7978845608028654; // sqrt(2/pi)
const GELU_C: f32 = 0.044715;

// Beyond |x| = 10 the inner tanh has saturated, so clamping inside changes nothing but keeps x³
// (and x² in the derivative) finite.
fn act_gelu(x: f32) -> f32 {
  let c = clamp(x, -10.0, 10.0);
  return 0.5 * x * (1.0 + act_tanh(GELU_K * (c + GELU_C * c * c * c)));
}

// Gaussian bump exp(−x²/2), the radial activation of random-weight networks. Beyond |x| = 20
// it is 0 in f32 already; clamping keeps x² finite, so the derivative is 0·finite, never 0·inf.
fn act_gauss(x: f32) -> f32 {
  let c = clamp(x, -20.0, 20.0);
  return exp(-0.5 * c * c);
}

fn dact_relu(x: f32) -> f32 {
  return select(0.0, 1.0, x > 0.0);
}

fn dact_gelu(x: f32) -> f32 {
  let c = clamp(x, -10.0, 10.0);
  let t = act_tanh(GELU_K * (c + GELU_C * c * c * c));
  return 0.5 * (1.0 + t) + 0.5 * c * (1.0 - t * t) * GELU_K * (1.0 + 3.0 * GELU_C * c * c);
}

fn dact_gauss(x: f32) -> f32 {
  let c = clamp(x, -20.0, 20.0);
  return -c * exp(-0.5 * c * c);
}

fn dact_tanh(x: f32) -> f32 {
  let t = act_tanh(x);
  return 1.0 - t * t;
}

fn dact_sigmoid(x: f32) -> f32 {
  let s = act_sigmoid(x);
  return s * (1.0 - s);
}

fn dact_relu_y(y: f32) -> f32 {
  return select(0.0, 1.0, y > 0.0);
}

fn dact_tanh_y(y: f32) -> f32 {
  return 1.0 - y * y;
}

fn dact_sigmoid_y(y: f32) -> f32 {
  return y * (1.0 - y);
}
