/** profiles/profile.schema.json compiled at build time by src/build-validators.ts. */
import type { SchemaValidator } from '../json-schema.js';

declare const validate: SchemaValidator;
export default validate;
