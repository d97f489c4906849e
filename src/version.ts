import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPackageRoot } from './package-root.js';

/** pipebench's version, read once from the package's package.json. */
export const VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(join(findPackageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();
