// Validates exported files against the repository's JSON Schemas in docs/.
// Every schema there is loaded, so that one can refer to another by name.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const ids = new Map();
for (const name of readdirSync(DOCS).filter((n) => n.endsWith('.schema.json'))) {
  const schema = JSON.parse(readFileSync(`${DOCS}${name}`, 'utf8'));
  ajv.addSchema(schema);
  ids.set(name, schema.$id);
}

/** Throws with every schema error if `data` does not validate. */
export function assertValidAgainst(schemaFile, data) {
  const validate = ajv.getSchema(ids.get(schemaFile));
  if (!validate) throw new Error(`no schema ${schemaFile} in docs/`);
  if (!validate(data)) {
    throw new Error(`${schemaFile}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  }
}
