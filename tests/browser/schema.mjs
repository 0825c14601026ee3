// Usage: node schema.mjs SCHEMA FILE...
// Reads each YAML file as a YAML 1.2 editor does (the `yaml` package, core schema: the
// parser yaml-language-server uses) and validates it with ajv's JSON Schema 2020-12
// validator, default settings (strict, unicode regular expressions) plus ajv-formats.
// Prints {"FILE": {"data": ..., "valid": bool, "errors": [...]}} as JSON; a file the
// parser refuses gets "valid": false and its parse errors. Exits non-zero only when
// the schema itself cannot be compiled.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parseDocument } from "yaml";

const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath || files.length === 0) {
  console.error("usage: node schema.mjs SCHEMA FILE...");
  process.exit(2);
}

const ajv = new Ajv2020();
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));

const results = {};
for (const file of files) {
  const document = parseDocument(readFileSync(file, "utf8"));
  if (document.errors.length > 0) {
    results[file] = { data: null, valid: false, errors: document.errors.map((e) => e.message) };
    continue;
  }
  const data = document.toJS();
  const valid = validate(data);
  results[file] = { data, valid, errors: valid ? [] : validate.errors };
}
process.stdout.write(JSON.stringify(results, null, 2) + "\n");
