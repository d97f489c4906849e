/** The kernel shared by the pure-filter stages: a biquad cascade redesigned on every configure. */
import { BiquadCascade, type Biquad } from '../biquad.js';
import { type Params } from '../params.js';
import { type StageKernel } from './stage.js';

/**
 * A delay-free kernel that filters through `design(params)`; `describe` turns the current
 * parameters and section count into the stage's details.
 */
export function cascadeKernel(
  params: Params,
  design: (p: Params) => Biquad[],
  describe: (p: Params, sections: number) => Record<string, unknown>,
): StageKernel {
  const cascade = new BiquadCascade(design(params));
  let current = params;
  return {
    latencySamples: 0,
    process: (x, n) => cascade.process(x, n),
    configure: (p) => {
      current = p;
      cascade.setSections(design(p));
    },
    details: () => describe(current, cascade.length),
  };
}
