import { BufferedBytes } from './bufferedBytes';
import { av1CodecString, avcCodecString, type ByteSource, type VideoSample, type VideoTrack, VideoFormatError, vp9CodecString } from './videoTrack';

interface Box {
  type: string;
  data: number;
  end: number;
}

async function readBox(src: BufferedBytes, offset: number, limit: number): Promise<Box | null> {
  if (offset + 8 > limit) return null;
  const head = await src.at(offset, 16);
  if (head.byteLength < 8) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let size = view.getUint32(0);
  const type = String.fromCharCode(head[4], head[5], head[6], head[7]);
  let data = offset + 8;
  if (size === 1) {
    if (head.byteLength < 16) return null;
    size = Number(view.getBigUint64(8));
    data += 8;
  } else if (size === 0) {
    size = limit - offset;
  }
  if (size < data - offset || offset + size > limit) throw new VideoFormatError(`MP4 box '${type}' at byte ${offset} runs past its container`);
  return { type, data, end: offset + size };
}

async function childBoxes(src: BufferedBytes, parent: { data: number; end: number }): Promise<Box[]> {
  const out: Box[] = [];
  for (let at = parent.data; ; ) {
    const box = await readBox(src, at, parent.end);
    if (!box) return out;
    out.push(box);
    at = box.end;
  }
}

async function find(src: BufferedBytes, parent: Box, path: string[]): Promise<Box | null> {
  let current: Box | null = parent;
  for (const type of path) {
    if (!current) return null;
    current = (await childBoxes(src, current)).find((b) => b.type === type) ?? null;
  }
  return current;
}

async function payload(src: BufferedBytes, box: Box): Promise<DataView> {
  const bytes = (await src.at(box.data, box.end - box.data)).slice();
  return new DataView(bytes.buffer);
}

const CODEC_NAMES: Record<string, string> = {
  avc1: 'H.264', avc3: 'H.264', hvc1: 'HEVC (H.265)', hev1: 'HEVC (H.265)', vp09: 'VP9', av01: 'AV1', mp4v: 'MPEG-4 Part 2 (mp4v)',
};

/** The sample entry's codec string and configuration record; codec null when no browser decoder is known. */
async function sampleEntry(src: BufferedBytes, stsd: Box): Promise<Omit<VideoTrack, 'samples' | 'container'>> {
  // stsd: version/flags (4), entry count (4), then the first sample entry box.
  const entry = await readBox(src, stsd.data + 8, stsd.end);
  if (!entry) throw new VideoFormatError('MP4 video track without a sample description');
  const head = new DataView((await src.at(entry.data, 78)).slice().buffer);
  const width = head.getUint16(24);
  const height = head.getUint16(26);
  // A visual sample entry's own fields take 78 bytes; its boxes (avcC, vpcC, av1C, ...) follow.
  const config = await childBoxes(src, { data: entry.data + 78, end: entry.end });
  const bytesOf = async (type: string) => {
    const box = config.find((b) => b.type === type);
    return box ? (await src.at(box.data, box.end - box.data)).slice() : null;
  };
  const codecName = CODEC_NAMES[entry.type] ?? `'${entry.type}'`;
  let codec: string | null = null;
  let description: Uint8Array | null = null;
  if (entry.type === 'avc1' || entry.type === 'avc3') {
    description = await bytesOf('avcC');
    if (!description) throw new VideoFormatError('H.264 MP4 track without its avcC configuration');
    codec = avcCodecString(description);
  } else if (entry.type === 'vp09') {
    codec = vp9CodecString(await bytesOf('vpcC'));
  } else if (entry.type === 'av01') {
    const av1C = await bytesOf('av1C');
    if (av1C) codec = av1CodecString(av1C);
  } else if (entry.type === 'hvc1' || entry.type === 'hev1') {
    description = await bytesOf('hvcC');
    codec = `${entry.type}.1.6.L93.B0`;
  }
  return { codecName, codec, description, width, height };
}

/** [count, value] pairs of a run-length table (stts, ctts). */
function runs(view: DataView, firstEntry: number): Array<[number, number]> {
  const count = view.getUint32(4);
  const out: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) out.push([view.getUint32(firstEntry + i * 8), view.getInt32(firstEntry + i * 8 + 4)]);
  return out;
}

async function samplesOf(src: BufferedBytes, stbl: Box, timescale: number, editStart: number): Promise<VideoSample[]> {
  const boxes = new Map((await childBoxes(src, stbl)).map((b) => [b.type, b]));
  const need = (type: string) => {
    const b = boxes.get(type);
    if (!b) throw new VideoFormatError(`MP4 video track without its '${type}' table`);
    return b;
  };
  const stsz = await payload(src, need('stsz'));
  const fixedSize = stsz.getUint32(4);
  const count = stsz.getUint32(8);
  const sizes = Array.from({ length: count }, (_, i) => (fixedSize !== 0 ? fixedSize : stsz.getUint32(12 + i * 4)));
  const stco = boxes.get('stco') ?? boxes.get('co64');
  if (!stco) throw new VideoFormatError("MP4 video track without its 'stco' table");
  const co = await payload(src, stco);
  const wide = stco.type === 'co64';
  const chunkOffsets = Array.from({ length: co.getUint32(4) }, (_, i) => (wide ? Number(co.getBigUint64(8 + i * 8)) : co.getUint32(8 + i * 4)));
  const stsc = await payload(src, need('stsc'));
  const stscEntries = Array.from({ length: stsc.getUint32(4) }, (_, i) => [stsc.getUint32(8 + i * 12), stsc.getUint32(12 + i * 12)]);
  const deltas = runs(await payload(src, need('stts')), 8);
  const ctts = boxes.get('ctts') ? runs(await payload(src, boxes.get('ctts')!), 8) : null;
  const stss = boxes.get('stss') ? await payload(src, boxes.get('stss')!) : null;
  const keys = stss ? new Set(Array.from({ length: stss.getUint32(4) }, (_, i) => stss.getUint32(8 + i * 4) - 1)) : null;

  const samples: VideoSample[] = [];
  let sample = 0;
  for (let e = 0; e < stscEntries.length; e++) {
    const [firstChunk, perChunk] = stscEntries[e];
    const lastChunk = e + 1 < stscEntries.length ? stscEntries[e + 1][0] - 1 : chunkOffsets.length;
    for (let chunk = firstChunk; chunk <= lastChunk && sample < count; chunk++) {
      let offset = chunkOffsets[chunk - 1];
      for (let k = 0; k < perChunk && sample < count; k++, sample++) {
        samples.push({ key: keys ? keys.has(sample) : true, timestampUs: 0, offset, size: sizes[sample] });
        offset += sizes[sample];
      }
    }
  }
  if (samples.length !== count) throw new VideoFormatError(`MP4 sample tables disagree: ${count} sizes but ${samples.length} placed in chunks`);
  let dts = 0;
  let i = 0;
  let cttsRun = 0;
  let cttsLeft = ctts?.[0]?.[0] ?? 0;
  for (const [n, delta] of deltas) {
    for (let k = 0; k < n && i < count; k++, i++) {
      let composition = 0;
      if (ctts) {
        while (cttsLeft === 0 && cttsRun + 1 < ctts.length) cttsLeft = ctts[++cttsRun][0];
        composition = ctts[cttsRun]?.[1] ?? 0;
        cttsLeft--;
      }
      samples[i].timestampUs = Math.round(((dts + composition - editStart) * 1e6) / timescale);
      dts += delta;
    }
  }
  return samples;
}

/** The first video track of an MP4 / QuickTime file (not fragmented): codec, size, every frame's place and time. */
export async function demuxMp4(source: ByteSource): Promise<VideoTrack> {
  const src = new BufferedBytes(source);
  const file: Box = { type: 'file', data: 0, end: src.size };
  const top = await childBoxes(src, file);
  const moov = top.find((b) => b.type === 'moov');
  if (!moov) throw new VideoFormatError('MP4 file without a moov box (cut short, or still being written?)');
  if (top.some((b) => b.type === 'moof')) throw new VideoFormatError('fragmented MP4 is not supported; remux it (ffmpeg -i in.mp4 -c copy out.mp4)');
  for (const trak of (await childBoxes(src, moov)).filter((b) => b.type === 'trak')) {
    const hdlr = await find(src, trak, ['mdia', 'hdlr']);
    if (!hdlr || (await payload(src, hdlr)).getUint32(8) !== 0x76696465 /* 'vide' */) continue;
    const mdhd = await payload(src, (await find(src, trak, ['mdia', 'mdhd']))!);
    const timescale = mdhd.getUint8(0) === 1 ? mdhd.getUint32(20) : mdhd.getUint32(12);
    const elst = await find(src, trak, ['edts', 'elst']);
    let editStart = 0;
    if (elst) {
      const v = await payload(src, elst);
      if (v.getUint32(4) > 0) editStart = v.getUint8(0) === 1 ? Number(v.getBigInt64(16)) : v.getInt32(12);
      if (editStart < 0) editStart = 0;
    }
    const stbl = await find(src, trak, ['mdia', 'minf', 'stbl']);
    const stsd = stbl && (await find(src, stbl, ['stsd']));
    if (!stbl || !stsd) throw new VideoFormatError('MP4 video track without a sample table');
    const info = await sampleEntry(src, stsd);
    return { container: 'MP4', ...info, samples: await samplesOf(src, stbl, timescale, editStart) };
  }
  throw new VideoFormatError('MP4 file without a video track');
}
