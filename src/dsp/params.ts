/**
 * Declarative parameter specs for the stages, and the one validator that merges given values over
 * defaults (or over the live values, for update_stage) and names the offending field on error.
 */
import { DspConfigError } from './types.js';

/** One parameter: a bounded number (optionally null = "derive it"), a fixed choice, a flag, or a group. */
export type ParamSpec =
  | { kind: 'number'; default: number | null; min: number; max: number; integer?: boolean }
  | { kind: 'choice'; default: number | string; choices: readonly (number | string)[] }
  | { kind: 'boolean'; default: boolean }
  | { kind: 'group'; fields: ParamSpecs };

/** The parameters of one stage, by name. */
export type ParamSpecs = Record<string, ParamSpec>;

/** Resolved parameter values (numbers, strings, booleans, nested groups). */
export type Params = Record<string, unknown>;

/** The defaults of a spec, groups included. */
export function defaultsOf(specs: ParamSpecs): Params {
  const out: Params = {};
  for (const [name, spec] of Object.entries(specs)) out[name] = spec.kind === 'group' ? defaultsOf(spec.fields) : spec.default;
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Validates one value against its spec; `field` is the full path used in the error. */
function checkValue(spec: ParamSpec, value: unknown, base: unknown, field: string): unknown {
  switch (spec.kind) {
    case 'number': {
      if (value === null && spec.default === null) return null;
      const ok = typeof value === 'number' && value >= spec.min && value <= spec.max && (!spec.integer || Number.isInteger(value));
      if (!ok) {
        const what = spec.integer ? 'an integer' : 'a number';
        throw new DspConfigError(field, `${field} must be ${what} from ${spec.min} to ${spec.max} (got ${show(value)})`);
      }
      return value;
    }
    case 'choice':
      if (!spec.choices.includes(value as number | string)) {
        throw new DspConfigError(field, `${field} must be one of ${spec.choices.map(show).join(', ')} (got ${show(value)})`);
      }
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw new DspConfigError(field, `${field} must be true or false (got ${show(value)})`);
      return value;
    case 'group':
      if (!isObject(value)) throw new DspConfigError(field, `${field} must be an object`);
      return resolveParams(spec.fields, value, isObject(base) ? base : defaultsOf(spec.fields), field);
  }
}

/**
 * Merges `given` over `base` after validating every known key; `field` prefixes error paths
 * (e.g. "pipeline_config.stages.vad.parameters"). `aliases` renames keys first (e.g. smoothing →
 * frequency_smoothing). Unknown keys are ignored: front ends send parameter sets of their own.
 */
export function resolveParams(
  specs: ParamSpecs,
  given: Record<string, unknown>,
  base: Params,
  field: string,
  aliases: Record<string, string> = {},
): Params {
  const out: Params = { ...base };
  for (const [key, value] of Object.entries(given)) {
    const name = aliases[key] ?? key;
    const spec = specs[name];
    if (spec && value !== undefined) out[name] = checkValue(spec, value, base[name], `${field}.${key}`);
  }
  return out;
}

/** Checks that `value` is a plain object (or absent) before its keys are read. */
export function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isObject(value)) throw new DspConfigError(field, `${field} must be an object`);
  return value;
}

/** Shorthand for a bounded number parameter (`fallback` null: derived when absent). */
export function num(fallback: number | null, min: number, max: number): ParamSpec {
  return { kind: 'number', default: fallback, min, max };
}
