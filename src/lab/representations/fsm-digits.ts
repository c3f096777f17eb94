// Digits per FSM state, apart from fsm.ts so that the experiment's declaration (loaded by the page
// and by the GPU-free check rules) imports no engine code.

/** The fewest base-`base` digits that write every state 0 … states − 1. */
export function digitsFor(states: number, base: number): number {
  let d = 1;
  while (base ** d < states) d++;
  return d;
}
