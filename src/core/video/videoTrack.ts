/** Random access to a file's bytes, as a demuxer reads them. */
export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `offset` (fewer at the end of the file). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** One encoded frame of the video track, in decode order. */
export interface VideoSample {
  key: boolean;
  /** Presentation time, microseconds from the start of the video. */
  timestampUs: number;
  offset: number;
  size: number;
}

export interface VideoTrack {
  container: 'WebM' | 'MP4';
  /** The codec as a person knows it, e.g. "VP9", "H.264", "MPEG-4 Part 2 (mp4v)". */
  codecName: string;
  /** The WebCodecs codec string; null when no browser decoder is known for it. */
  codec: string | null;
  /** The decoder configuration record (avcC, av1C, ...) where the codec needs one. */
  description: Uint8Array | null;
  width: number;
  height: number;
  /** Every frame of the track in decode order: the container's own frame count is samples.length. */
  samples: VideoSample[];
}

/** The file is not a video this reader understands; the message names what was found. */
export class VideoFormatError extends Error {}

export const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** "avc1.PPCCLL" from an AVCDecoderConfigurationRecord. */
export function avcCodecString(avcC: Uint8Array): string {
  if (avcC.byteLength < 4) throw new VideoFormatError('the H.264 configuration record (avcC) is too short');
  return `avc1.${hex2(avcC[1])}${hex2(avcC[2])}${hex2(avcC[3])}`;
}

/** "av01.P.LLT.DD" from an AV1CodecConfigurationRecord. */
export function av1CodecString(av1C: Uint8Array): string {
  if (av1C.byteLength < 4) throw new VideoFormatError('the AV1 configuration record (av1C) is too short');
  const profile = av1C[1] >> 5;
  const level = av1C[1] & 0x1f;
  const tier = av1C[2] & 0x80 ? 'H' : 'M';
  const highBitdepth = (av1C[2] & 0x40) !== 0;
  const twelveBit = (av1C[2] & 0x20) !== 0;
  const depth = highBitdepth ? (twelveBit ? 12 : 10) : 8;
  return `av01.${profile}.${String(level).padStart(2, '0')}${tier}.${String(depth).padStart(2, '0')}`;
}

/** "vp09.PP.LL.DD" from a VPCodecConfigurationRecord (vpcC, a full box: 4 bytes of version and flags first). */
export function vp9CodecString(vpcC: Uint8Array | null): string {
  if (!vpcC || vpcC.byteLength < 7) return 'vp09.00.10.08';
  const bitDepth = vpcC[6] >> 4;
  return `vp09.${String(vpcC[4]).padStart(2, '0')}.${String(vpcC[5]).padStart(2, '0')}.${String(bitDepth).padStart(2, '0')}`;
}
