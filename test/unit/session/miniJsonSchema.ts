/**
 * A validator for the draft-07 subset that schemas/landmark-session.schema.json uses, written for the
 * test that holds the schema and the reader's hand-written checks in agreement. It fails loudly on a
 * keyword it does not know, so the schema cannot drift into keywords this test would ignore.
 */
type Schema = Record<string, unknown>;

const KNOWN = new Set([
  '$schema', '$id', 'title', 'description', 'definitions', '$ref', 'oneOf', 'anyOf', 'not', 'type',
  'const', 'enum', 'required', 'properties', 'items', 'minItems', 'maxItems', 'minLength', 'maxLength', 'exclusiveMinimum',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function validate(root: Schema, value: unknown, schema: Schema = root): boolean {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`miniJsonSchema: unsupported keyword ${key}`);
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/definitions/', '');
    const target = (root.definitions as Record<string, Schema>)[name];
    if (!target) throw new Error(`miniJsonSchema: unknown $ref ${schema.$ref}`);
    if (!validate(root, value, target)) return false;
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual = typeOf(value);
    if (!types.some((t) => t === actual || (t === 'number' && actual === 'integer'))) return false;
  }
  if ('const' in schema && !deepEqual(value, schema.const)) return false;
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => deepEqual(e, value))) return false;
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter((s) => validate(root, value, s as Schema)).length !== 1) return false;
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s) => validate(root, value, s as Schema))) return false;
  if (schema.not !== undefined && validate(root, value, schema.not as Schema)) return false;
  if (typeof value === 'number' && typeof schema.exclusiveMinimum === 'number' && !(value > schema.exclusiveMinimum)) return false;
  if (typeof value === 'string' && typeof schema.minLength === 'number' && [...value].length < schema.minLength) return false;
  if (typeof value === 'string' && typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) return false;
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) return false;
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) return false;
    if (schema.items !== undefined && !value.every((v) => validate(root, v, schema.items as Schema))) return false;
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    if (Array.isArray(schema.required) && !schema.required.every((k) => Object.prototype.hasOwnProperty.call(obj, k))) return false;
    if (schema.properties) {
      for (const [k, s] of Object.entries(schema.properties as Record<string, Schema>)) {
        if (Object.prototype.hasOwnProperty.call(obj, k) && !validate(root, obj[k], s)) return false;
      }
    }
  }
  return true;
}
