import { closeSync } from 'node:fs';
import { readExactly } from './binaryFileReads';

/**
 * A column of fixed-size items (a typed array's bytes) filled from a file as its items are asked for, a
 * chunk of items at a time, into a buffer allocated whole: a new buffer's untouched pages cost no memory,
 * while reading tens of MB at once into new memory is mostly page faults, paid before anything can be shown. The file stays open until every chunk is read,
 * or release().
 */
export class LazyFileColumn {
  private readonly loaded: Uint8Array;
  private remaining: number;
  private fd: number | null;

  constructor(
    fd: number,
    /** For messages. */
    private readonly file: string,
    /** What the column holds, for messages ('landmarks'). */
    private readonly what: string,
    /** Byte offset of the column in the file. */
    private readonly fileOffset: number,
    /** The column's bytes in memory. */
    private readonly target: Uint8Array,
    private readonly bytesPerItem: number,
    private readonly itemsPerChunk: number,
  ) {
    this.fd = fd;
    this.loaded = new Uint8Array(Math.ceil(target.byteLength / bytesPerItem / itemsPerChunk));
    this.remaining = this.loaded.length;
    if (this.remaining === 0) this.release();
  }

  get complete(): boolean {
    return this.remaining === 0;
  }

  /** Makes items [from, to) readable in the column; throws an Error naming the file when it cannot. */
  ensure(from: number, to: number): void {
    for (let chunk = Math.max(0, Math.floor(from / this.itemsPerChunk)); chunk * this.itemsPerChunk < to && chunk < this.loaded.length; chunk++) {
      if (!this.loaded[chunk]) this.load(chunk);
    }
  }

  release(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }

  private load(chunk: number): void {
    const start = chunk * this.itemsPerChunk * this.bytesPerItem;
    const bytes = this.target.subarray(start, Math.min(this.target.byteLength, start + this.itemsPerChunk * this.bytesPerItem));
    if (this.fd === null) throw new Error(`${this.file}: closed before all of its ${this.what} were read`);
    readExactly(this.fd, bytes, this.fileOffset + start, `${this.file} (${this.what})`);
    this.loaded[chunk] = 1;
    if (--this.remaining === 0) this.release();
  }
}
