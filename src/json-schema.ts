/** JSON Schema validation (profiles, result files): the one module that imports ajv. */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

export type { ErrorObject as SchemaError, ValidateFunction as SchemaValidator };

/** A validator for a draft 2020-12 schema, reporting every error; `verbose` keeps the failing data for messages. */
export function compileSchema(schema: object, opts: { verbose?: boolean; strict?: boolean } = {}): ValidateFunction {
  return new Ajv2020({ allErrors: true, verbose: opts.verbose ?? false, strict: opts.strict ?? true }).compile(schema);
}
