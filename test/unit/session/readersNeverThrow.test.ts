import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { IMPORTERS, readSession, SessionError, streamSession, type Session } from '../../../src/core/session';
import { buildPose } from './poseBuilder';
import { fixture, repoRoot, sharedData, tempDir, writeTemp } from './testPaths';
import { propertyRuns } from '../testkit/propertyRuns';
import { sessionFrames } from '../../../src/core/session/frameColumns';

/**
 * Every reader, fed random bytes and mutations of valid files (cut short, bytes flipped, lines
 * swapped or dropped, junk inserted), must end with a session or a SessionError: never another
 * exception, never a hang.
 */
const dir = tempDir();
const HANG_MS = 10_000;

const bases: { name: string; bytes: Uint8Array }[] = [
  ...readdirSync(join(repoRoot(), 'test/fixtures/sessions')).map((name) => ({ name, bytes: readFileSync(fixture(name)) })),
  { name: 'mediapipe_hand_normalized.pose', bytes: readFileSync(sharedData('real', 'pose', 'mediapipe_hand_normalized.pose')) },
  { name: 'built-v02.pose', bytes: buildPose({ version: 0.2, fps: 30, width: 64, height: 48, frames: Array.from({ length: 4 }, (_, i) => ({ right: Array.from({ length: 21 }, (_, p) => [p + i, p * 2, p % 3]) })) }) },
];

function checkSession(s: Session, label: string): void {
  assert.ok(Array.isArray(s.frames) && Array.isArray(s.problems), label);
  s.frames.forEach((f, i) => {
    assert.equal(f.index, i, `${label}: frames numbered in order`);
    assert.ok(Number.isFinite(f.t), `${label}: finite time`);
    if (i > 0) assert.ok(f.t >= sessionFrames(s)[i - 1].t, `${label}: time never goes backwards`);
    for (const h of f.hands) {
      assert.equal(h.landmarks.length, 63, label);
      assert.ok(h.landmarks.every(Number.isFinite), `${label}: finite coordinates`);
    }
  });
  for (const p of s.problems) assert.equal(typeof p.message, 'string', label);
}

async function settle<T>(what: string, work: () => Promise<T>): Promise<T | SessionError> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${HANG_MS} ms (a hang)`)), HANG_MS);
  });
  try {
    return await Promise.race([work(), hang]);
  } catch (err) {
    if (err instanceof SessionError) {
      assert.equal(err.message.includes('\n'), false, `${what}: one-line error`);
      return err;
    }
    throw new Error(`${what}: escaped ${err instanceof Error ? `${err.name}: ${err.message}\n${err.stack}` : String(err)}`);
  } finally {
    clearTimeout(timer);
  }
}

async function feedEveryReader(bytes: Uint8Array, name: string): Promise<void> {
  const path = writeTemp(dir, bytes, name);
  for (const importer of IMPORTERS) {
    const r = await settle(`${importer.id} on ${name}`, () => importer.read(path));
    if (!(r instanceof SessionError)) checkSession(r, `${importer.id} on ${name}`);
  }
  const r = await settle(`readSession on ${name}`, () => readSession(path));
  if (!(r instanceof SessionError)) checkSession(r, `readSession on ${name}`);
  await settle(`streamSession on ${name}`, async () => {
    let n = 0;
    for await (const record of streamSession(path)) {
      assert.ok(['header', 'frame', 'target', 'label', 'reply', 'problem', 'note'].includes(record.kind));
      n++;
    }
    return n;
  });
}

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'insert'; at: number; junk: Uint8Array }
  | { kind: 'swapLines'; a: number; b: number }
  | { kind: 'dropLine'; a: number }
  | { kind: 'duplicateLine'; a: number };

function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const pick = (n: number) => (bytes.length === 0 ? 0 : n % bytes.length);
  switch (m.kind) {
    case 'truncate':
      return bytes.subarray(0, pick(m.at));
    case 'flip': {
      const out = Uint8Array.from(bytes);
      if (out.length) out[pick(m.at)] = m.byte;
      return out;
    }
    case 'insert': {
      const at = pick(m.at);
      return Buffer.concat([bytes.subarray(0, at), m.junk, bytes.subarray(at)]);
    }
    default: {
      const lines = Buffer.from(bytes).toString('latin1').split('\n');
      const a = m.a % lines.length;
      if (m.kind === 'dropLine') lines.splice(a, 1);
      else if (m.kind === 'duplicateLine') lines.splice(a, 0, lines[a]);
      else {
        const b = m.b % lines.length;
        [lines[a], lines[b]] = [lines[b], lines[a]];
      }
      return Buffer.from(lines.join('\n'), 'latin1');
    }
  }
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    junk: fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.constantFrom('NaN', '\n', '{', '"', ',,,', 'Infinity', '\u0000', '\r\n', '[[[').map((s) => Buffer.from(s))),
  }),
  fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('dropLine' as const), a: fc.nat() }),
  fc.record({ kind: fc.constant('duplicateLine' as const), a: fc.nat() }),
);

test('every reader ends with a session or a SessionError on mutated valid files', { timeout: 300_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...bases), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (base, mutations) => {
      const bytes = mutations.reduce(mutate, base.bytes);
      await feedEveryReader(bytes, `m-${base.name}`);
    }),
    propertyRuns(150),
  );
});

test('every reader ends with a session or a SessionError on random files', { timeout: 300_000 }, async () => {
  const line = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
    fc.string(),
    fc.constantFrom('{"type":"header","format":"landmark-session","version":1}', '{"t":1,"landmarks":null}', 'x0,y0,z0', '{"multiHandLandmarks":[[]]}', '[', '{"landmarks":[[{"x":1}]]}'),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(fc.uint8Array({ maxLength: 3000 }), fc.array(line, { maxLength: 30 }).map((ls) => Buffer.from(ls.join('\n')))),
      fc.constantFrom('r.landmarks.jsonl', 'r.pose', 'r.csv', 'r.json', 'r.bin'),
      async (bytes, name) => feedEveryReader(bytes, name),
    ),
    propertyRuns(150),
  );
});
