import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { checkSessionLine } from '../../../src/core/session/sessionLineChecks';
import { validate } from './miniJsonSchema';
import { fixture, repoRoot } from './testPaths';

const schema = JSON.parse(readFileSync(join(repoRoot(), 'schemas/landmark-session.schema.json'), 'utf8'));

/** The one rule the reader checks that JSON Schema cannot state: a label's t1 >= t0. */
function crossFieldInvalid(value: unknown): boolean {
  const v = value as Record<string, unknown>;
  return typeof v === 'object' && v !== null && v.type === 'label' && typeof v.t0 === 'number' && typeof v.t1 === 'number' && v.t1 < v.t0;
}

function agree(value: unknown): void {
  const roundTripped = JSON.parse(JSON.stringify(value) ?? 'null');
  const bySchema = validate(schema, roundTripped) && !crossFieldInvalid(roundTripped);
  const checked = checkSessionLine(roundTripped);
  assert.equal(checked.kind !== 'invalid', bySchema, `schema says ${bySchema ? 'valid' : 'invalid'}, checks say ${JSON.stringify(checked).slice(0, 200)} for ${JSON.stringify(roundTripped).slice(0, 300)}`);
}

test('the schema is draft-07 and only uses keywords the agreement test understands', () => {
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.equal(validate(schema, { type: 'frame', t: 0, hands: [] }), true);
});

test('schema and reader checks accept every line of every valid fixture', () => {
  const files = readdirSync(join(repoRoot(), 'test/fixtures/sessions')).filter((f) => f.endsWith('.landmarks.jsonl'));
  assert.ok(files.length >= 2);
  for (const f of files) {
    for (const line of readFileSync(fixture(f), 'utf8').split('\n').filter(Boolean)) {
      const value = JSON.parse(line);
      assert.equal(validate(schema, value), true, `${f}: ${line.slice(0, 80)}`);
      assert.notEqual(checkSessionLine(value).kind, 'invalid', `${f}: ${line.slice(0, 80)}`);
    }
  }
});

test('schema and reader checks reject every line of the invalid-lines fixture', () => {
  const lines = readFileSync(fixture('invalid-lines.jsonl'), 'utf8').split('\n').filter(Boolean);
  assert.ok(lines.length >= 30);
  for (const line of lines) {
    const value = JSON.parse(line);
    assert.equal(validate(schema, value), false, `schema accepts ${line.slice(0, 80)}`);
    assert.equal(checkSessionLine(value).kind, 'invalid', `checks accept ${line.slice(0, 80)}`);
  }
});

test('schema and reader checks agree on thousands of mutated lines', () => {
  const coord = fc.double({ noNaN: true, noDefaultInfinity: true, min: -2, max: 2 });
  const points = fc.array(fc.tuple(coord, coord, coord), { minLength: 21, maxLength: 21 });
  const hand = fc.record({ handedness: fc.constantFrom('Left', 'Right'), score: fc.double({ min: 0, max: 1, noNaN: true }), landmarks: points }, { requiredKeys: ['landmarks'] });
  const t = fc.integer({ min: 0, max: 1e7 });
  const base = fc.oneof(
    fc.record({ type: fc.constant('header'), format: fc.constant('landmark-session'), version: fc.constant(1), fps: fc.integer({ min: 1, max: 120 }), source: fc.string() }, { requiredKeys: ['type', 'format', 'version'] }),
    fc.record({ type: fc.constant('frame'), t, hands: fc.array(hand, { maxLength: 2 }) }),
    fc.record({ type: fc.constant('frame'), t, landmarks: fc.option(points) }, { requiredKeys: ['t', 'landmarks'] }),
    fc.record({ type: fc.constant('target'), t, letter: fc.option(fc.constantFrom('A', 'B', 'Z', 'ZZ9', '')) }),
    fc.record({ type: fc.constant('label'), t0: t, t1: t, text: fc.string() }),
    fc.record({ type: fc.constant('reply'), t, reply: fc.dictionary(fc.string(), fc.jsonValue()) }),
  );
  const anyJson = fc.oneof(fc.jsonValue(), coord, fc.constantFrom(null, '', 'frame', 'header', 0, -1, [], {}));
  const paths = (v: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
    if (v === null || typeof v !== 'object') return [prefix];
    const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
    return [prefix, ...keys.flatMap((k) => paths((v as Record<string | number, unknown>)[k], [...prefix, k]))];
  };
  const mutation = fc.record({ kind: fc.constantFrom('set', 'delete', 'none'), pick: fc.nat(), value: anyJson });
  fc.assert(
    fc.property(base, fc.array(mutation, { maxLength: 3 }), (line, mutations) => {
      const value: unknown = structuredClone(line);
      let root = value;
      for (const m of mutations) {
        const all = paths(root);
        const path = all[m.pick % all.length];
        if (m.kind === 'none') continue;
        if (path.length === 0) {
          root = m.kind === 'set' ? m.value : {};
          continue;
        }
        let parent = root as Record<string | number, unknown>;
        for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
        const last = path[path.length - 1];
        if (m.kind === 'delete') {
          if (Array.isArray(parent)) parent.splice(last as number, 1);
          else delete parent[last];
        } else parent[last] = m.value;
      }
      agree(root);
    }),
    { numRuns: 5000, seed: 20261125 },
  );
});
