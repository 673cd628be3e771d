import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TranscriptIndex } from '../../../src/webview/transcriptIndex';
import { appendDecoded } from '../../../src/core/pipeline/transcriptDecoder';

/** What the index must answer: the text of the last change at or before a frame, kept whole. */
class Reference {
  changes = new Map<number, string>();
  before = '';
  at(frame: number): string {
    let best = -1;
    for (const f of this.changes.keys()) if (f <= frame && f > best) best = f;
    return best < 0 ? this.before : this.changes.get(best)!;
  }
  drop(n: number): void {
    this.before = this.at(n - 1);
    this.changes = new Map([...this.changes].filter(([f]) => f >= n).map(([f, t]) => [f - n, t]));
  }
}

/** A deterministic stream of labels, with a DELETE and a SPACE now and then. */
function label(i: number): string {
  if (i % 11 === 10) return 'DELETE';
  if (i % 7 === 6) return 'SPACE';
  return 'ABCDEFGHIKLMNOPQRSTUVWXY'[(i * 5) % 24];
}

/** Every frame from -1 to `frames`, walking the reference's changes in order. */
function assertSame(index: TranscriptIndex, ref: Reference, frames: number): void {
  const changes = [...ref.changes].sort((a, b) => a[0] - b[0]);
  let next = 0;
  let expected = ref.before;
  for (let f = -1; f <= frames; f++) {
    while (next < changes.length && changes[next][0] <= f) expected = changes[next++][1];
    if (index.at(f) !== expected) assert.equal(index.at(f), expected, `text at frame ${f}`);
  }
}

test('the index answers as whole texts would: appends, deletes, repeats, changes out of order, replace', () => {
  const index = new TranscriptIndex();
  const ref = new Reference();
  let text = '';
  // In order, as a live panel gets them, long enough to renew the base many times.
  for (let i = 0; i < 3000; i++) {
    text = appendDecoded(text, label(i));
    index.set(i * 3, text);
    ref.changes.set(i * 3, text);
  }
  assertSame(index, ref, 9000);
  assert.equal(index.lastChange(7), 6);
  assert.equal(index.lastChange(-1), -1);
  // Out of order and again at the same frame (a replay's chunks, provisional results made final).
  for (const [frame, t] of [
    [4, 'out of order'],
    [6, 'replaced'],
    [9001, text + 'Z'],
    [1, ''],
  ] as const) {
    index.set(frame, t);
    ref.changes.set(frame, t);
  }
  assertSame(index, ref, 9002);
  const changes = [...ref.changes].map(([frame, t]) => ({ frame, text: t })).reverse();
  const replaced = new TranscriptIndex();
  replaced.replace(changes);
  assertSame(replaced, ref, 9002);
  assert.equal(replaced.changeCount, ref.changes.size);
  // Changes set after a replace (a live panel's knobs, then more frames) are stored against a base again.
  for (let i = 0; i < 2000; i++) {
    text = appendDecoded(text, label(i));
    replaced.set(9003 + i, text);
    ref.changes.set(9003 + i, text);
  }
  assertSame(replaced, ref, 11_010);
  replaced.drop(9003);
  ref.drop(9003);
  assertSame(replaced, ref, 2010);
  assert.ok(replaced.charsHeld <= 2 * Math.max(1024, text.length), `${replaced.charsHeld} characters held after the replaced ones were dropped`);
});

test('dropping keeps the text in force as `before` and renumbers the rest', () => {
  const index = new TranscriptIndex();
  const ref = new Reference();
  let text = '';
  for (let i = 0; i < 400; i++) {
    text = appendDecoded(text, label(i));
    index.set(i * 5, text);
    ref.changes.set(i * 5, text);
  }
  for (const n of [1, 3, 500, 7]) {
    index.drop(n);
    ref.drop(n);
    assert.equal(index.before, ref.before, `before after dropping ${n}`);
    assertSame(index, ref, 2000);
  }
});

test('a live transcript held for a sliding window costs about one transcript, not one per change', () => {
  // A four-hour live session at 30 fps: a letter every 2 s, a window of 10 minutes (18,000 frames),
  // dropped every 1,125 frames as the store does.
  const keep = 18_000;
  const slack = 1_125;
  const index = new TranscriptIndex();
  let text = '';
  let held = 0;
  let maxChanges = 0;
  let maxRatio = 0;
  let wholeTexts = 0;
  let newest = 0;
  for (let frame = 0, i = 0; frame < 4 * 60 * 60 * 30; frame += 60, i++) {
    text = appendDecoded(text, label(i));
    index.set(frame - held, text);
    if (frame - held + 1 > keep + slack) {
      const n = frame - held + 1 - keep;
      index.drop(n);
      held += n;
    }
    newest = frame - held;
    maxChanges = Math.max(maxChanges, index.changeCount);
    // One transcript's worth (the base) and tails of at most its length, or REBASE_MIN when it is short.
    maxRatio = Math.max(maxRatio, index.charsHeld / Math.max(1024, text.length));
    wholeTexts = index.changeCount * text.length;
  }
  assert.ok(text.length > 2500, `the transcript grew to ${text.length} characters`);
  assert.ok(maxChanges <= (keep + slack) / 60 + 1, `changes held are the window's: at most ${maxChanges}`);
  assert.ok(maxRatio <= 2.05, `characters held at most about twice one transcript: ${maxRatio.toFixed(2)}x`);
  assert.ok(index.charsHeld * 100 < wholeTexts, `${index.charsHeld} characters held, whole texts would be ~${wholeTexts}`);
  assert.equal(index.at(newest), text, 'the newest frame held reads the whole transcript');
});
