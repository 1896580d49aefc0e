// Validates exported files against the repository's JSON Schemas in docs/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validators = new Map();

/** Throws with every schema error if `data` does not validate. */
export function assertValidAgainst(schemaFile, data) {
  if (!validators.has(schemaFile)) {
    const path = fileURLToPath(new URL(`../../docs/${schemaFile}`, import.meta.url));
    validators.set(schemaFile, ajv.compile(JSON.parse(readFileSync(path, 'utf8'))));
  }
  const validate = validators.get(schemaFile);
  if (!validate(data)) {
    throw new Error(`${schemaFile}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  }
}
