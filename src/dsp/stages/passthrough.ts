/** input / output (and their front-end names): stages that carry audio through unchanged. */
import { type StageDefinition } from './stage.js';

/** A stage with no processing of its own; gain_in/gain_out still apply. */
export const passthrough: StageDefinition = {
  description: 'Passes audio through unchanged (pipeline input or output node)',
  params: {},
  create: () => ({ latencySamples: 0, process: () => undefined, configure: () => undefined, details: () => ({}) }),
};
