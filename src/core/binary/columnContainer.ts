/**
 * The one binary layout of the files and messages that carry columns of numbers: bulk webview messages,
 * session snapshots and results cache entries. 4 bytes of magic (what the file is, and its version), a
 * uint32 LE length, that many bytes of UTF-8 JSON (the head: the container's fields, and its columns'
 * names, element kinds and lengths, in order), then the columns in that order, each starting at a multiple
 * of 8 bytes from the container's start. A container read whole into an 8-byte-aligned buffer (a fetched
 * file, a file read alone) gives its columns as views of that buffer, with nothing copied.
 * Written for ArrayBuffer and Uint8Array only: the webview reads it too.
 */

export const COLUMN_KINDS = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Uint8Array,
} as const;

export type ColumnKind = keyof typeof COLUMN_KINDS;
export type Column = InstanceType<(typeof COLUMN_KINDS)[ColumnKind]>;

/** A column as the head lists it. */
export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** Elements. */
  length: number;
}

/** Where a container's parts lie. */
export interface ContainerLayout<F> {
  fields: F;
  /** The columns in order, each with its byte offset from `columnsStart`. */
  columns: Array<ColumnSpec & { offset: number }>;
  /** Byte offset of the first column from the container's start (a multiple of 8). */
  columnsStart: number;
  /** Bytes of the whole container. */
  byteLength: number;
}

/** Magic and head length, before the head. */
export const CONTAINER_PREFIX_BYTES = 8;

const align8 = (n: number): number => Math.ceil(n / 8) * 8;

interface Head {
  fields: unknown;
  /** [name, kind, length] per column. */
  columns: Array<[string, ColumnKind, number]>;
}

function kindOf(column: ArrayBufferView): ColumnKind | undefined {
  for (const kind of Object.keys(COLUMN_KINDS) as ColumnKind[]) if (column instanceof COLUMN_KINDS[kind]) return kind;
  return undefined;
}

function layoutOf<F>(fields: F, specs: readonly ColumnSpec[], headLength: number): ContainerLayout<F> {
  const columnsStart = align8(CONTAINER_PREFIX_BYTES + headLength);
  let at = 0;
  const columns = specs.map((spec) => {
    const column = { ...spec, offset: at };
    at = align8(at + spec.length * COLUMN_KINDS[spec.kind].BYTES_PER_ELEMENT);
    return column;
  });
  return { fields, columns, columnsStart, byteLength: specs.length ? columnsStart + at : CONTAINER_PREFIX_BYTES + headLength };
}

/** Views of the columns in `buffer`, whose byte `base` holds the first column (`base` a multiple of 8). */
export function columnViews(layout: ContainerLayout<unknown>, buffer: ArrayBuffer, base: number): Record<string, Column> {
  const views: Record<string, Column> = {};
  for (const { name, kind, length, offset } of layout.columns) views[name] = new COLUMN_KINDS[kind](buffer, base + offset, length);
  return views;
}

/**
 * The one writer: a new container with `fields` and room for `specs`, and a view of each column to fill in
 * place (a session snapshot's tens of MB of columns are written once, where they will lie).
 */
export function allocateContainer(magic: string, fields: unknown, specs: readonly ColumnSpec[]): { bytes: Uint8Array<ArrayBuffer>; columns: Record<string, Column> } {
  if (magic.length !== 4) throw new Error(`a container's magic is 4 characters, got "${magic}"`);
  const head = new TextEncoder().encode(JSON.stringify({ fields, columns: specs.map((s) => [s.name, s.kind, s.length]) } satisfies Head));
  const layout = layoutOf(fields, specs, head.length);
  const bytes = new Uint8Array(layout.byteLength);
  for (let i = 0; i < 4; i++) bytes[i] = magic.charCodeAt(i);
  new DataView(bytes.buffer).setUint32(4, head.length, true);
  bytes.set(head, CONTAINER_PREFIX_BYTES);
  return { bytes, columns: columnViews(layout, bytes.buffer, layout.columnsStart) };
}

/** The one writer, for columns already held: a container with `fields` and a copy of `columns`, in their order. */
export function writeContainer(magic: string, fields: unknown, columns: ReadonlyArray<readonly [string, ArrayBufferView]>): Uint8Array<ArrayBuffer> {
  const specs = columns.map(([name, column]): ColumnSpec => {
    const kind = kindOf(column);
    if (!kind) throw new Error(`column '${name}' is a ${Object.prototype.toString.call(column).slice(8, -1)}, which a container cannot hold`);
    return { name, kind, length: (column as Column).length };
  });
  const out = allocateContainer(magic, fields, specs);
  for (const [name, column] of columns) out.columns[name].set(column as never);
  return out.bytes;
}

/**
 * How many bytes the prefix and head take, from a container's first CONTAINER_PREFIX_BYTES (or fewer, when
 * the file is shorter): for reading a file's head alone. Throws an Error naming `what` when the bytes are
 * not a `magic` container.
 */
export function containerHeadBytes(prefix: Uint8Array, magic: string, what: string): number {
  if (prefix.length < CONTAINER_PREFIX_BYTES || String.fromCharCode(prefix[0], prefix[1], prefix[2], prefix[3]) !== magic) {
    throw new Error(`not a ${what} (${prefix.length < CONTAINER_PREFIX_BYTES ? `${prefix.length} bytes` : `starts "${printable(prefix.subarray(0, 4))}"`}, expected "${magic}" first)`);
  }
  return CONTAINER_PREFIX_BYTES + new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength).getUint32(4, true);
}

function printable(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '?')).join('');
}

/**
 * The one reader of a head: the container's fields and layout from its first bytes (at least
 * containerHeadBytes of them), checked for shape; `byteLength` is what the container's size must be.
 * Throws an Error naming `what` and what is wrong. Fields are the writer's, to be checked by the caller.
 */
export function readContainerHead<F>(bytes: Uint8Array, magic: string, what: string): ContainerLayout<F> {
  const headEnd = containerHeadBytes(bytes, magic, what);
  if (headEnd > bytes.length) throw new Error(`${what} is truncated (head of ${headEnd - CONTAINER_PREFIX_BYTES} bytes, ${bytes.length} bytes in all)`);
  let head: Head;
  try {
    head = JSON.parse(new TextDecoder().decode(bytes.subarray(CONTAINER_PREFIX_BYTES, headEnd))) as Head;
  } catch (error) {
    throw new Error(`${what} head is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!head || typeof head !== 'object' || !Array.isArray(head.columns)) throw new Error(`${what} head has no column list`);
  const specs = head.columns.map((entry, i): ColumnSpec => {
    const [name, kind, length] = Array.isArray(entry) ? entry : [];
    if (typeof name !== 'string' || !Object.hasOwn(COLUMN_KINDS, kind as string) || !Number.isSafeInteger(length) || (length as number) < 0) {
      throw new Error(`${what} head: column ${i} is ${JSON.stringify(entry)}, expected [name, kind, length]`);
    }
    return { name, kind: kind as ColumnKind, length: length as number };
  });
  return layoutOf(head.fields as F, specs, headEnd - CONTAINER_PREFIX_BYTES);
}

/**
 * The one reader of a container held whole: its fields and its columns as views, checked against its size.
 * The views share `bytes`' buffer when the columns lie 8-byte aligned in it (a file read alone, a fetched
 * file: copying an hour's tens of MB blocked the event loop), else the columns are copied once into an
 * aligned buffer. Throws an Error naming `what` and what is wrong.
 */
export function openContainer<F>(bytes: Uint8Array | ArrayBuffer, magic: string, what: string): { layout: ContainerLayout<F>; fields: F; columns: Record<string, Column> } {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const layout = readContainerHead<F>(view, magic, what);
  if (view.length !== layout.byteLength) {
    throw new Error(`${what} is ${view.length < layout.byteLength ? 'truncated' : 'longer than its head says'} (${view.length} bytes, its columns end at ${layout.byteLength})`);
  }
  const start = view.byteOffset + layout.columnsStart;
  if (start % 8 === 0) return { layout, fields: layout.fields, columns: columnViews(layout, view.buffer as ArrayBuffer, start) };
  const copy = new ArrayBuffer(layout.byteLength - layout.columnsStart);
  new Uint8Array(copy).set(view.subarray(layout.columnsStart));
  return { layout, fields: layout.fields, columns: columnViews(layout, copy, 0) };
}

/**
 * Checks that a container holds exactly `specs`, in order (a format whose columns are fixed: a snapshot, a
 * cache entry); throws an Error naming `what` and the first column that differs.
 */
export function expectColumns(layout: ContainerLayout<unknown>, specs: readonly ColumnSpec[], what: string): void {
  const describe = (c: ColumnSpec | undefined) => (c ? `${c.name} (${c.length} x ${c.kind})` : 'none');
  for (let i = 0; i < Math.max(specs.length, layout.columns.length); i++) {
    const want = specs[i];
    const got = layout.columns[i];
    if (!want || !got || want.name !== got.name || want.kind !== got.kind || want.length !== got.length) {
      throw new Error(`${what}: column ${i} is ${describe(got)}, expected ${describe(want)}`);
    }
  }
}
