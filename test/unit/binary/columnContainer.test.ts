// The one binary container of bulk messages, session snapshots and results cache entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allocateContainer,
  containerHeadBytes,
  expectColumns,
  openContainer,
  readContainerHead,
  writeContainer,
} from '../../../src/core/binary/columnContainer';

const columns = [
  ['t', Float64Array.of(0, 33.3, -0, Number.NaN)],
  ['odd', Uint8Array.of(1, 2, 3)],
  ['probs', Float32Array.of(0.25, 0.5, 0.125)],
  ['fill', Uint16Array.of(65535)],
  ['start', Uint32Array.of(0, 1, 4294967295)],
  ['empty', Int32Array.of()],
  ['delta', Int16Array.of(-2, 7)],
] as const;

test('a container gives back its fields and its columns bit for bit, each 8-byte aligned, as views of the bytes', () => {
  const fields = { count: 4, name: 'é ✓', nested: { list: [1, null] } };
  const bytes = writeContainer('TST1', fields, columns);
  assert.equal(String.fromCharCode(...bytes.subarray(0, 4)), 'TST1');
  const { fields: back, columns: views, layout } = openContainer<typeof fields>(bytes, 'TST1', 'test file');
  assert.deepEqual(back, fields);
  assert.equal(layout.columnsStart % 8, 0);
  for (const [name, column] of columns) {
    const view = views[name];
    assert.equal(Object.prototype.toString.call(view), Object.prototype.toString.call(column), name);
    assert.equal(view.buffer, bytes.buffer, `${name}: a view, not a copy`);
    assert.equal(view.byteOffset % 8, 0, `${name} is aligned`);
    const a = Array.from(column as ArrayLike<number>);
    assert.deepEqual(Array.from(view as ArrayLike<number>).map((v, i) => Object.is(v, a[i])), a.map(() => true), name);
  }
  assert.deepEqual(layout.columns.map((c) => c.name), columns.map(([name]) => name));
});

test('bytes that do not lie 8-byte aligned are copied once; allocateContainer fills columns in place', () => {
  const { bytes, columns: views } = allocateContainer('TST1', { n: 3 }, [
    { name: 'a', kind: 'Float64Array', length: 3 },
    { name: 'b', kind: 'Uint8Array', length: 5 },
  ]);
  (views.a as Float64Array).set([1.5, 2.5, 3.5]);
  (views.b as Uint8Array).fill(9);
  const shifted = new Uint8Array(bytes.length + 3);
  shifted.set(bytes, 3);
  const opened = openContainer(shifted.subarray(3), 'TST1', 'test file');
  assert.deepEqual(Array.from(opened.columns.a), [1.5, 2.5, 3.5]);
  assert.deepEqual(Array.from(opened.columns.b), [9, 9, 9, 9, 9]);
  assert.notEqual(opened.columns.a.buffer, shifted.buffer);
});

test('a head read alone gives the layout: how long the head is, where each column lies, the whole size', () => {
  const bytes = writeContainer('TST1', { x: 1 }, columns);
  const headEnd = containerHeadBytes(bytes.subarray(0, 8), 'TST1', 'test file');
  const layout = readContainerHead(bytes.subarray(0, headEnd), 'TST1', 'test file');
  assert.equal(layout.byteLength, bytes.length);
  assert.ok(layout.columns.every((c) => c.offset % 8 === 0));
  expectColumns(layout, layout.columns, 'test file');
  assert.throws(
    () => expectColumns(layout, [{ name: 't', kind: 'Float64Array', length: 5 }], 'test file'),
    /^Error: test file: column 0 is t \(4 x Float64Array\), expected t \(5 x Float64Array\)$/,
  );
});

test('another magic (an older version), a truncated or damaged container: an error naming the file and what is wrong', () => {
  const bytes = writeContainer('TST2', { x: 1 }, columns);
  assert.throws(() => openContainer(bytes, 'TST3', 'test file'), /^Error: not a test file \(starts "TST2", expected "TST3" first\)$/);
  assert.throws(() => openContainer(new Uint8Array(3), 'TST2', 'test file'), /not a test file \(3 bytes, expected "TST2" first\)/);
  assert.throws(() => openContainer(bytes.subarray(0, 12), 'TST2', 'test file'), /test file is truncated \(head of \d+ bytes, 12 bytes in all\)/);
  assert.throws(() => openContainer(bytes.subarray(0, bytes.length - 8), 'TST2', 'test file'), /test file is truncated \(\d+ bytes, its columns end at \d+\)/);
  const longer = new Uint8Array(bytes.length + 8);
  longer.set(bytes);
  assert.throws(() => openContainer(longer, 'TST2', 'test file'), /test file is longer than its head says/);
  const notJson = bytes.slice();
  notJson[8] = 0x5d; // "]" where the head's "{" was
  assert.throws(() => openContainer(notJson, 'TST2', 'test file'), /test file head is not JSON/);
  const odd = writeContainer('TST2', {}, []);
  const badColumn = new TextEncoder().encode('{"fields":{},"columns":[["a","BigInt64Array",1]]}');
  const withBad = new Uint8Array(8 + badColumn.length);
  withBad.set(odd.subarray(0, 4));
  new DataView(withBad.buffer).setUint32(4, badColumn.length, true);
  withBad.set(badColumn, 8);
  assert.throws(() => openContainer(withBad, 'TST2', 'test file'), /test file head: column 0 is \["a","BigInt64Array",1\], expected \[name, kind, length\]/);
  assert.throws(() => writeContainer('TST2', {}, [['big', new BigInt64Array(1)]]), /column 'big' is a BigInt64Array, which a container cannot hold/);
  assert.throws(() => writeContainer('TOOLONG', {}, []), /magic is 4 characters/);
});
