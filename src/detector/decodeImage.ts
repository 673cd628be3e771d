/** Images larger than this on their long side are scaled down as they are decoded: the models see 224-256 px. */
const MAX_SIDE = 2048;

export interface DecodedImage {
  bitmap: ImageBitmap;
  /** The image's own size (the bitmap may be scaled down). */
  width: number;
  height: number;
}

/** An encoded image (JPEG, PNG, WebP: whatever the browser decodes) as a bitmap; rejects with why not. */
export async function decodeImage(bytes: Uint8Array): Promise<DecodedImage> {
  if (bytes.byteLength === 0) throw new Error('0 bytes: an empty image');
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new Error(`${bytes.byteLength} bytes that do not decode as an image (${signature(bytes)})`);
  }
  const side = Math.max(bitmap.width, bitmap.height);
  const size = { width: bitmap.width, height: bitmap.height };
  if (side <= MAX_SIDE) return { bitmap, ...size };
  const scale = MAX_SIDE / side;
  const resized = await createImageBitmap(bitmap, {
    resizeWidth: Math.max(1, Math.round(bitmap.width * scale)),
    resizeHeight: Math.max(1, Math.round(bitmap.height * scale)),
    resizeQuality: 'high',
  });
  bitmap.close();
  return { bitmap: resized, ...size };
}

function signature(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'starts as a JPEG';
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return 'starts as a PNG';
  return `first bytes ${Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')}`;
}

/** A frame as a JPEG, for the session's image sidecar. */
export async function encodeJpeg(image: ImageBitmap, quality: number): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(image.width, image.height);
  canvas.getContext('2d')!.drawImage(image, 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
  return new Uint8Array(await blob.arrayBuffer());
}
