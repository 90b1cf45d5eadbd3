/** Where the JSON Schema for editors lives, for the `$schema` line of a written file. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_SCHEMA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schema/loadspec.schema.json');
