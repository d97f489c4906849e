/**
 * Reading result files back (`report`, `compare`, `merge`): load, parse and validate against
 * schemas/result.schema.json, naming every problem with the file it came from. The tolerant
 * views of the fields only some commands write are in result-views.ts (renderers need those
 * without loading the schema validator).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileSchema, type SchemaError as ErrorObject, type SchemaValidator as ValidateFunction } from '../json-schema.js';
import { findPackageRoot } from '../package-root.js';
import { RESULT_SCHEMA, type Result } from './result.js';

let validator: ValidateFunction | undefined;

/** The result schema shipped in the package's schemas/ folder. */
export function resultSchemaPath(): string {
  return join(findPackageRoot(), 'schemas', 'result.schema.json');
}

function validate(): ValidateFunction {
  validator ??= compileSchema(JSON.parse(readFileSync(resultSchemaPath(), 'utf8')), { strict: false });
  return validator;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'the document';
  if (e.keyword === 'required') return `${where} is missing "${e.params.missingProperty}"`;
  return `${where} ${e.message}`;
}

/** Validate parsed JSON as a result; the problems are worded for people, at most 10 of them. */
export function validateResult(data: unknown): string[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return ['not a JSON object'];
  const schema = (data as { schema?: unknown }).schema;
  if (schema !== RESULT_SCHEMA) {
    return [`not a pipebench result: "schema" is ${JSON.stringify(schema)}, expected "${RESULT_SCHEMA}" (write one with --json)`];
  }
  const check = validate();
  if (check(data)) return [];
  const problems = (check.errors ?? []).map(describe);
  return problems.length > 10 ? [...problems.slice(0, 10), `and ${problems.length - 10} more`] : problems;
}

/** Load one result file; `problems` name the file and say what is wrong with it. */
export function readResult(path: string, cwd: string): { result?: Result; problems: string[] } {
  const label = path === '-' ? 'stdin' : path;
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : resolve(cwd, path), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { problems: [`${label}: cannot read it: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`] };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { problems: [`${label}: invalid JSON: ${(err as Error).message}`] };
  }
  const problems = validateResult(data).map((p) => `${label}: ${p}`);
  return problems.length ? { problems } : { result: data as Result, problems };
}
