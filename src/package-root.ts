/** Where the installed package's own files (profiles, schemas) are. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The JSON Schema of profiles, in profiles/. */
export const PROFILE_SCHEMA_FILE = 'profile.schema.json';

/** The installed package's root: the nearest ancestor whose package.json is named pipebench. */
export function findPackageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'pipebench') return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the pipebench package root above ${from}`);
  }
}
