import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SessionError } from './sessionError';
import type { SessionHeader } from './types';

/**
 * A session's camera images: a sidecar folder beside the `*.landmarks.jsonl` file, named by the
 * header's `images` field (`"images": "<name>.images"`), holding one file per frame that has an image:
 * `<frame number, 6 digits>.jpg` (or `.png`), frames numbered from 0 in file order as everywhere.
 * The JSONL stays readable, and a recording cut short stays valid: each image is on disk (written
 * under a temporary name, then renamed) before its frame's line, so a frame line never points at a
 * half-written image; an image without a frame line is ignored.
 */

export type SessionImageType = 'jpeg' | 'png';

export interface SessionImage {
  bytes: Uint8Array;
  type: SessionImageType;
}

const EXTENSION: Record<SessionImageType, string> = { jpeg: 'jpg', png: 'png' };
const FILE_PATTERN = /^(\d{6,})\.(jpg|png)$/;

/** "walk.images" for "walk.landmarks.jsonl" (or "walk.jsonl"). */
export function imagesFolderName(sessionPath: string): string {
  return `${basename(sessionPath).replace(/(\.landmarks)?\.jsonl$/i, '')}.images`;
}

export function imageFileName(frame: number, type: SessionImageType): string {
  return `${String(frame).padStart(6, '0')}.${EXTENSION[type]}`;
}

/** The image type of encoded bytes, by their signature; null for anything else. */
export function imageTypeOf(bytes: Uint8Array): SessionImageType | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  return null;
}

/** Writes one frame's image so that it appears whole or not at all. */
export async function writeSessionImage(folder: string, frame: number, image: SessionImage): Promise<void> {
  const name = imageFileName(frame, image.type);
  const temporary = join(folder, `.${name}.partial`);
  await fs.writeFile(temporary, image.bytes);
  await fs.rename(temporary, join(folder, name));
}

/** The images of a session, frame -> image file; read lazily. */
export class SessionImages {
  private constructor(
    /** The sidecar folder. */
    readonly folder: string,
    private readonly files: Map<number, string>,
    /** Why the header's folder gave no images (missing, not a folder), when it did not. */
    readonly problem: string | null,
  ) {}

  /**
   * The images of the session at `sessionPath` with this header; null when the header names no images.
   * A header whose `images` is not a plain folder name is an error; a missing folder is a `problem`.
   */
  static async open(sessionPath: string, header: SessionHeader): Promise<SessionImages | null> {
    const name = header.images;
    if (name === undefined) return null;
    if (typeof name !== 'string' || name === '' || name !== basename(name) || name === '..' || name === '.') {
      throw new SessionError('bad-format', sessionPath, `header field 'images': expected the name of a folder beside the session file, found ${JSON.stringify(name)}`);
    }
    const folder = join(dirname(sessionPath), name);
    let entries: string[];
    try {
      entries = await fs.readdir(folder);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a folder' : `cannot be read (${code})`;
      return new SessionImages(folder, new Map(), `the images folder ${folder} named by the header ${why}`);
    }
    const files = new Map<number, string>();
    for (const entry of entries) {
      const match = FILE_PATTERN.exec(entry);
      if (match) files.set(Number(match[1]), entry);
    }
    return new SessionImages(folder, files, null);
  }

  /** Frames that have an image. */
  get count(): number {
    return this.files.size;
  }

  has(frame: number): boolean {
    return this.files.has(frame);
  }

  /** The frame's image, or null when it has none; rejects with a SessionError when the file cannot be read. */
  async read(frame: number): Promise<SessionImage | null> {
    const name = this.files.get(frame);
    if (!name) return null;
    const path = join(this.folder, name);
    try {
      const bytes = new Uint8Array(await fs.readFile(path));
      return { bytes, type: name.endsWith('.png') ? 'png' : 'jpeg' };
    } catch (err) {
      throw new SessionError('unreadable', path, `cannot read the frame's image (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
}
