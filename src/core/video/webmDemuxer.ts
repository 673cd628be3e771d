import { BufferedBytes } from './bufferedBytes';
import { av1CodecString, avcCodecString, type ByteSource, type VideoSample, type VideoTrack, VideoFormatError } from './videoTrack';

const ID = {
  EBML: 0x1a45dfa3,
  Segment: 0x18538067,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  CodecID: 0x86,
  CodecPrivate: 0x63a2,
  Video: 0xe0,
  PixelWidth: 0xb0,
  PixelHeight: 0xba,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  ReferenceBlock: 0xfb,
} as const;

const CODECS: Record<string, string> = { V_VP9: 'VP9', V_VP8: 'VP8', V_AV1: 'AV1', 'V_MPEG4/ISO/AVC': 'H.264', 'V_MPEGH/ISO/HEVC': 'HEVC (H.265)' };

interface Element {
  id: number;
  /** Offset of the element's data. */
  data: number;
  /** Size of the data; null: unknown (runs to the end of its parent). */
  size: number | null;
}

function vint(bytes: Uint8Array, at: number, keepMarker: boolean): { value: number; length: number; unknown: boolean } | null {
  const first = bytes[at];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (at + length > bytes.byteLength) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === (0xff >> length);
  for (let i = 1; i < length; i++) {
    value = value * 256 + bytes[at + i];
    if (bytes[at + i] !== 0xff) allOnes = false;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

async function readElement(src: BufferedBytes, offset: number): Promise<Element | null> {
  const head = await src.at(offset, 12);
  const id = vint(head, 0, true);
  if (!id) return null;
  const size = vint(head, id.length, false);
  if (!size) return null;
  return { id: id.value, data: offset + id.length + size.length, size: size.unknown ? null : size.value };
}

function uint(bytes: Uint8Array): number {
  let v = 0;
  for (const b of bytes) v = v * 256 + b;
  return v;
}

interface TrackEntry {
  number: number;
  type: number;
  codecId: string;
  codecPrivate: Uint8Array | null;
  width: number;
  height: number;
}

async function children(src: BufferedBytes, from: number, end: number, visit: (e: Element) => Promise<void> | void): Promise<void> {
  for (let at = from; at < end; ) {
    const e = await readElement(src, at);
    if (!e || e.size === null) return;
    await visit(e);
    at = e.data + e.size;
  }
}

async function readTrack(src: BufferedBytes, entry: Element): Promise<TrackEntry> {
  const t: TrackEntry = { number: 0, type: 0, codecId: '', codecPrivate: null, width: 0, height: 0 };
  await children(src, entry.data, entry.data + entry.size!, async (e) => {
    const bytes = (await src.at(e.data, e.size!)).slice();
    if (e.id === ID.TrackNumber) t.number = uint(bytes);
    else if (e.id === ID.TrackType) t.type = uint(bytes);
    else if (e.id === ID.CodecID) t.codecId = new TextDecoder().decode(bytes).replace(/\0+$/, '');
    else if (e.id === ID.CodecPrivate) t.codecPrivate = bytes;
    else if (e.id === ID.Video) {
      await children(src, e.data, e.data + e.size!, async (v) => {
        const value = uint(await src.at(v.data, v.size!));
        if (v.id === ID.PixelWidth) t.width = value;
        else if (v.id === ID.PixelHeight) t.height = value;
      });
    }
  });
  return t;
}

function trackInfo(t: TrackEntry): Omit<VideoTrack, 'samples'> {
  const codecName = CODECS[t.codecId] ?? t.codecId;
  let codec: string | null = null;
  let description: Uint8Array | null = null;
  if (t.codecId === 'V_VP9') codec = 'vp09.00.10.08';
  else if (t.codecId === 'V_VP8') codec = 'vp8';
  else if (t.codecId === 'V_AV1' && t.codecPrivate) codec = av1CodecString(t.codecPrivate);
  else if (t.codecId === 'V_MPEG4/ISO/AVC' && t.codecPrivate) {
    codec = avcCodecString(t.codecPrivate);
    description = t.codecPrivate;
  }
  return { container: 'WebM', codecName, codec, description, width: t.width, height: t.height };
}

/**
 * The video track of a WebM (Matroska) file: codec, size and every frame's place and time, from the
 * Segment's Info, Tracks and Clusters (SimpleBlocks and BlockGroups of the first video track).
 */
export async function demuxWebm(source: ByteSource): Promise<VideoTrack> {
  const src = new BufferedBytes(source);
  const ebml = await readElement(src, 0);
  if (!ebml || ebml.id !== ID.EBML || ebml.size === null) throw new VideoFormatError('not a WebM file (no EBML header)');
  const segment = await readElement(src, ebml.data + ebml.size);
  if (!segment || segment.id !== ID.Segment) throw new VideoFormatError('WebM file without a Segment');
  const segmentEnd = segment.size === null ? src.size : Math.min(src.size, segment.data + segment.size);
  let timecodeScaleNs = 1_000_000;
  let track: TrackEntry | null = null;
  const samples: VideoSample[] = [];
  for (let at = segment.data; at < segmentEnd; ) {
    const e = await readElement(src, at);
    if (!e) break;
    if (e.id === ID.Info) {
      await children(src, e.data, e.data + e.size!, async (c) => {
        if (c.id === ID.TimecodeScale) timecodeScaleNs = uint(await src.at(c.data, c.size!));
      });
    } else if (e.id === ID.Tracks) {
      await children(src, e.data, e.data + e.size!, async (c) => {
        if (c.id !== ID.TrackEntry || track) return;
        const t = await readTrack(src, c);
        if (t.type === 1) track = t;
      });
    } else if (e.id === ID.Cluster) {
      if (!track) throw new VideoFormatError('WebM file whose first Cluster comes before its Tracks');
      at = await readCluster(src, e, segmentEnd, (track as TrackEntry).number, timecodeScaleNs, samples);
      continue;
    }
    if (e.size === null) break;
    at = e.data + e.size;
  }
  if (!track) throw new VideoFormatError('WebM file without a video track');
  return { ...trackInfo(track), samples };
}

const CLUSTER_CHILDREN: ReadonlySet<number> = new Set([ID.Timecode, ID.SimpleBlock, ID.BlockGroup, 0xa7, 0xab, 0xa3]);

/** Reads one Cluster's blocks of `trackNumber`; returns the offset after the cluster. */
async function readCluster(
  src: BufferedBytes, cluster: Element, segmentEnd: number, trackNumber: number, scaleNs: number, samples: VideoSample[],
): Promise<number> {
  const end = cluster.size === null ? segmentEnd : cluster.data + cluster.size;
  let clusterTime = 0;
  let at = cluster.data;
  while (at < end) {
    const e = await readElement(src, at);
    // An unknown-size cluster ends where an element that is not one of its children starts.
    if (!e || e.size === null || (cluster.size === null && !CLUSTER_CHILDREN.has(e.id))) break;
    if (e.id === ID.Timecode) clusterTime = uint(await src.at(e.data, e.size));
    else if (e.id === ID.SimpleBlock) await readBlock(src, e.data, e.size, null, trackNumber, clusterTime, scaleNs, samples);
    else if (e.id === ID.BlockGroup) {
      let block: Element | null = null;
      let referenced = false;
      await children(src, e.data, e.data + e.size, (c) => {
        if (c.id === ID.Block) block = c;
        else if (c.id === ID.ReferenceBlock) referenced = true;
      });
      const b = block as Element | null;
      if (b) await readBlock(src, b.data, b.size!, !referenced, trackNumber, clusterTime, scaleNs, samples);
    }
    at = e.data + e.size;
  }
  return at;
}

async function readBlock(
  src: BufferedBytes, offset: number, size: number, key: boolean | null, trackNumber: number, clusterTime: number, scaleNs: number,
  samples: VideoSample[],
): Promise<void> {
  const head = await src.at(offset, 12);
  const track = vint(head, 0, false);
  if (!track || track.value !== trackNumber) return;
  const relative = new DataView(head.buffer, head.byteOffset + track.length, 2).getInt16(0);
  const flags = head[track.length + 2];
  if (flags & 0x06) throw new VideoFormatError('WebM video with laced frames is not supported');
  const headerLength = track.length + 3;
  samples.push({
    key: key ?? (flags & 0x80) !== 0,
    timestampUs: Math.round(((clusterTime + relative) * scaleNs) / 1000),
    offset: offset + headerLength,
    size: size - headerLength,
  });
}
