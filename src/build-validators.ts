/**
 * Build step (`npm run build`): compiles profiles/profile.schema.json into
 * dist/src/generated/profile-validator.js, so a run never loads ajv to check its profile.
 * src/generated/profile-validator.d.ts declares the module's type.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validatorModuleSource } from './json-schema.js';
import { findPackageRoot, PROFILE_SCHEMA_FILE } from './package-root.js';

const here = dirname(fileURLToPath(import.meta.url));
const schema = JSON.parse(readFileSync(join(findPackageRoot(here), 'profiles', PROFILE_SCHEMA_FILE), 'utf8'));
const out = join(here, 'generated', 'profile-validator.js');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, validatorModuleSource(schema, { verbose: true }));
