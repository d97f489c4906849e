/** Wording of DSP config errors for clients, shared by the HTTP routes and the WebSocket replies. */
import type { DspConfigError } from '../dsp/index.js';

/**
 * `field: message`, with `prefix` placing the DSP's field in the request (e.g. `pipeline_config`).
 * The DSP's messages often start with the field already; it is not repeated then.
 */
export function dspErrorText(err: DspConfigError, prefix?: string): string {
  const field = prefix && !err.field.startsWith(prefix) ? `${prefix}.${err.field}` : err.field;
  if (err.message.startsWith(field)) return err.message;
  if (err.message.startsWith(err.field)) return prefix ? `${prefix}.${err.message}` : err.message;
  return `${field}: ${err.message}`;
}
