/**
 * A decoded video frame as RGB the way OpenCV's VideoCapture (ffmpeg's swscale defaults) makes it:
 * BT.601 coefficients whatever the stream's colour tags say, limited or full range as the frame says.
 * That is how Python tooling, and the landmarks its users compare against, see a video; the browser's
 * own conversion (BT.709 for such streams) shifts colours enough to move a tracked hand by pixels.
 */
export async function videoFrameToBitmap(frame: VideoFrame): Promise<ImageBitmap> {
  const format = frame.format;
  if (format !== 'I420' && format !== 'I420A' && format !== 'I422' && format !== 'I444' && format !== 'NV12') {
    return createImageBitmap(frame);
  }
  const width = frame.displayWidth;
  const height = frame.displayHeight;
  const bytes = new Uint8Array(frame.allocationSize());
  const [yPlane, uPlane, vPlane] = await frame.copyTo(bytes);
  const full = frame.colorSpace.fullRange === true;
  // BT.601: limited range scales Y by 255/219 and chroma by 255/224.
  const yScale = full ? 1 : 1.164;
  const yOffset = full ? 0 : 16;
  const [rv, gu, gv, bu] = full ? [1.402, -0.344, -0.714, 1.772] : [1.596, -0.392, -0.813, 2.017];
  const xShift = format === 'I444' ? 0 : 1;
  const yShift = format === 'I420' || format === 'I420A' || format === 'NV12' ? 1 : 0;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const yRow = yPlane.offset + y * yPlane.stride;
    const cy = y >> yShift;
    const uRow = uPlane.offset + cy * uPlane.stride;
    const vRow = format === 'NV12' ? uRow + 1 : vPlane.offset + cy * vPlane.stride;
    const step = format === 'NV12' ? 2 : 1;
    let o = y * width * 4;
    for (let x = 0; x < width; x++, o += 4) {
      const c = (x >> xShift) * step;
      const luma = (bytes[yRow + x] - yOffset) * yScale;
      const u = bytes[uRow + c] - 128;
      const v = bytes[vRow + c] - 128;
      rgba[o] = luma + rv * v;
      rgba[o + 1] = luma + gu * u + gv * v;
      rgba[o + 2] = luma + bu * u;
      rgba[o + 3] = 255;
    }
  }
  return createImageBitmap(new ImageData(rgba, width, height));
}
