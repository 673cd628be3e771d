import { demuxMp4 } from './mp4Demuxer';
import { demuxWebm } from './webmDemuxer';
import { type ByteSource, type VideoTrack, VideoFormatError } from './videoTrack';

/** The video track of a WebM/Matroska or MP4/QuickTime file, chosen by the file's first bytes. */
export async function demuxVideo(source: ByteSource): Promise<VideoTrack> {
  const head = await source.read(0, 12);
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return demuxWebm(source);
  const box = String.fromCharCode(...head.subarray(4, 8));
  if (['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip'].includes(box)) return demuxMp4(source);
  throw new VideoFormatError('not a WebM or MP4 video (unknown file signature); convert it to WebM (VP9) or MP4 (H.264)');
}
