/** JSON Schema validation (profiles, result files): the one module that imports ajv. */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';

export type { ErrorObject as SchemaError, ValidateFunction as SchemaValidator };

interface CompileOptions {
  /** Keep the failing data and schema in each error, for messages. */
  verbose?: boolean;
  strict?: boolean;
}

function newAjv(opts: CompileOptions, source = false): Ajv2020 {
  return new Ajv2020({ allErrors: true, verbose: opts.verbose ?? false, strict: opts.strict ?? true, code: { source, esm: source } });
}

/** A validator for a draft 2020-12 schema, reporting every error. */
export function compileSchema(schema: object, opts: CompileOptions = {}): ValidateFunction {
  return newAjv(opts).compile(schema);
}

/**
 * The same validator as an ES module's source (default export), for compiling at build time:
 * loading ajv and compiling a schema costs ~140 ms of CPU at every start, the module ~2 ms.
 * ajv's standalone output still `require`s its small runtime helpers; those become imports.
 */
export function validatorModuleSource(schema: object, opts: CompileOptions = {}): string {
  const ajv = newAjv(opts, true);
  const code = standaloneCode.default(ajv, ajv.compile(schema));
  const imports: string[] = [];
  const body = code.replace(/require\("(ajv\/dist\/runtime\/[\w-]+)"\)/g, (_: string, path: string) => {
    const name = `runtime${imports.length}`;
    imports.push(`import ${name} from "${path}.js";`);
    return name;
  });
  return `// Generated at build time by src/build-validators.ts from the schema; do not edit.\n${imports.join('\n')}\n${body}\n`;
}
