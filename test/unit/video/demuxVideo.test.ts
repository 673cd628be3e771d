import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demuxVideo } from '../../../src/core/video/demuxVideo';
import { VideoFormatError, avcCodecString } from '../../../src/core/video/videoTrack';
import { openFileBytes } from '../../../src/detectorhost/fileBytes';
import { sharedData, tempDir } from '../session/testPaths';

const media = (name: string) => sharedData('real', 'hands', name);

async function demux(path: string) {
  const source = await openFileBytes(path);
  try {
    return await demuxVideo(source);
  } finally {
    await source.close();
  }
}

// Frame counts and times as ffprobe gives them (-count_packets): 325, 325 and 202 at 25 fps.
test('the real WebM and MP4 videos: codec, size, every frame at its presentation time', async () => {
  for (const [name, container, codec, size, frames] of [
    ['asl_hand.25fps.webm', 'WebM', 'vp09.00.10.08', [620, 1080], 325],
    ['asl_hand.25fps.mp4', 'MP4', 'avc1.f4001f', [620, 1080], 325],
    ['hand_landmarker_test_video.mp4', 'MP4', 'avc1.64001e', [640, 360], 202],
  ] as const) {
    const track = await demux(media(name));
    assert.equal(track.container, container, name);
    assert.equal(track.codec, codec, name);
    assert.deepEqual([track.width, track.height], size, name);
    assert.equal(track.samples.length, frames, name);
    assert.ok(track.samples[0].key, `${name}: the first sample is a key frame`);
    const times = track.samples.map((s) => s.timestampUs).sort((a, b) => a - b);
    assert.deepEqual(times, Array.from({ length: frames }, (_, i) => i * 40_000), name);
    assert.ok(track.samples.every((s) => s.size > 0 && s.offset > 0), name);
  }
  // The H.264 MP4 has B-frames: decode order is not presentation order.
  const mp4 = await demux(media('asl_hand.25fps.mp4'));
  assert.equal(mp4.samples[1].timestampUs, 120_000);
  assert.equal(avcCodecString(mp4.description!), 'avc1.f4001f');
});

test('files that are not videos this reader knows are one VideoFormatError each', async () => {
  const dir = tempDir();
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['text.webm', new TextEncoder().encode('hello, not a video'), /not a WebM or MP4 video \(unknown file signature\)/],
    ['cut.mp4', new Uint8Array([0, 0, 0, 16, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 0, 0]), /MP4 file without a moov box/],
    ['ebml.webm', new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x80]), /WebM file without a Segment/],
  ];
  for (const [name, bytes, expected] of cases) {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    await assert.rejects(demux(path), (e: unknown) => e instanceof VideoFormatError && expected.test(e.message), name);
  }
});
