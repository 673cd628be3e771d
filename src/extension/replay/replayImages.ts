import { errorText } from '../../core/errorText';
import { SessionImages } from '../../core/session/sessionImages';
import type { FrameImageMessage, SessionInfo } from '../../protocol/messages';
import type { Prepared } from './replayLifecycle';

/**
 * A replay's camera images: the sidecar folder the session's header names, opened on the extension host
 * (a directory listing; the worker keeps the landmarks). The webview asks for the image of the frame it
 * shows, one at a time, and gets its bytes: no folder of the user's becomes a webview resource root.
 */
export async function openReplayImages(file: string, info: SessionInfo | undefined): Promise<Pick<Prepared, 'images' | 'imagesProblem'>> {
  if (!info?.imagesFolder) return { images: null };
  try {
    const images = await SessionImages.open(file, { type: 'header', format: 'landmark-session', version: 1, images: info.imagesFolder });
    if (images?.problem) return { images: null, imagesProblem: images.problem };
    return { images };
  } catch (error) {
    return { images: null, imagesProblem: errorText(error).replace(`${file}: `, '') };
  }
}

/** The `frameImage` answer for `frame`: its bytes, or empty bytes when it has none or they cannot be read. */
export async function frameImageMessage(images: SessionImages | null | undefined, frame: number): Promise<{ message: FrameImageMessage; error?: string }> {
  const none: FrameImageMessage = { type: 'frameImage', frame, mime: 'image/jpeg', bytes: new Uint8Array(0) };
  if (!images || !Number.isInteger(frame) || frame < 0) return { message: none };
  try {
    const image = await images.read(frame);
    if (!image) return { message: none };
    return { message: { type: 'frameImage', frame, mime: image.type === 'png' ? 'image/png' : 'image/jpeg', bytes: image.bytes } };
  } catch (error) {
    return { message: none, error: errorText(error) };
  }
}
