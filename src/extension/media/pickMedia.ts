import * as vscode from 'vscode';
import { VIDEO_EXTENSIONS } from '../../detectorhost/mediaSession';

const TITLE = 'Landmark Lens: Replay Video or Images';

/**
 * Asks for a video file or a folder of images. Two steps, because an open dialog on Windows and Linux
 * picks files or folders, not both: what kind, then the dialog for it.
 */
export async function pickMedia(): Promise<vscode.Uri | undefined> {
  const kind = await vscode.window.showQuickPick(
    [
      { label: '$(device-camera-video) Video file…', description: 'WebM (VP8, VP9, AV1); MP4 (H.264) where Chromium decodes it', input: 'video' as const },
      { label: '$(file-media) Folder of images…', description: 'JPEG or PNG frames, in name order', input: 'folder' as const },
    ],
    { title: TITLE, placeHolder: 'What to run through the hand detector' },
  );
  if (!kind) return undefined;
  const picked = await vscode.window.showOpenDialog(
    kind.input === 'video'
      ? {
        title: TITLE, openLabel: 'Import', canSelectMany: false, canSelectFiles: true, canSelectFolders: false,
        filters: { Videos: VIDEO_EXTENSIONS.map((e) => e.slice(1)) },
      }
      : { title: TITLE, openLabel: 'Import', canSelectMany: false, canSelectFiles: false, canSelectFolders: true },
  );
  return picked?.[0];
}

export type KeepImages = 'ask' | 'always' | 'never';

/** Whether the session keeps each frame's image: the setting, or the user's answer when it says ask. */
export async function askKeepImages(setting: KeepImages): Promise<boolean | undefined> {
  if (setting === 'always') return true;
  if (setting === 'never') return false;
  const choice = await vscode.window.showQuickPick(
    [
      { label: 'Keep the images', description: 'the replay shows each frame under its skeleton; a sidecar folder beside the session', keep: true },
      { label: 'Landmarks only', description: 'a smaller session without the camera images', keep: false },
    ],
    { title: TITLE, placeHolder: 'Keep each frame\'s image in the session? (setting: landmarkLens.import.keepImages)' },
  );
  return choice?.keep;
}
