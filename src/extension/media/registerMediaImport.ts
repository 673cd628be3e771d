import * as vscode from 'vscode';
import { basename } from 'node:path';
import { errorText } from '../../core/errorText';
import type { DetectorSettings } from '../../core/model/profile';
import { isSessionError } from '../../core/session/sessionError';
import { DetectorError } from '../../detectorhost/detectorClient';
import { ChromiumMissingError } from '../../detectorhost/findChromium';
import { HeadlessDetector } from '../../detectorhost/headlessDetector';
import { ImportError } from '../../detectorhost/importFrames';
import {
  describeMedia, mediaFrameCount, openMedia, quantileText, writeMediaSession, type MediaInput, type MediaSessionResult,
} from '../../detectorhost/mediaSession';
import { SETTING } from '../../protocol/settingNames';
import { importSettings } from '../settings';
import { chooseTarget } from './mediaTarget';
import { askKeepImages, pickMedia } from './pickMedia';

export const REPLAY_MEDIA_COMMAND = 'landmarkLens.replayMedia';

/** What the command did, for its caller (the integration suites); undefined when the user stopped it. */
export interface MediaImportOutcome {
  session: string;
  panelId: string;
  frames: number;
  noHand: number;
  images: boolean;
  /** Frames a second through the detector, Chromium's start left out. */
  framesPerSecond: number;
  detectorP50Ms: number;
  chromium: string;
}

/** Arguments a caller may pass instead of answering the pickers. */
export interface MediaImportArgs {
  keepImages?: boolean;
}

export interface MediaImportDependencies {
  log: vscode.LogOutputChannel;
  /** The detector's options: the loaded model's profile (`detector` fields). */
  detectorSettings: () => Promise<DetectorSettings>;
  openReplay: (file: string) => string;
}

/** Where the user gives Chromium's path, as messages name it (the live server's words too). */
const CHROMIUM_SETTING = `the setting ${SETTING.chromiumPath}`;

class Cancelled extends Error {}

/**
 * Landmark Lens: Replay Video or Images…: a video file or a folder of images through the hand detector
 * in headless Chromium (src/detectorhost, as `convert` runs it), with progress and cancel, written as a
 * session beside the source, then opened in a replay panel.
 */
export function registerMediaImport(context: vscode.ExtensionContext, deps: MediaImportDependencies): void {
  const run = async (source?: vscode.Uri | string, args?: MediaImportArgs): Promise<MediaImportOutcome | undefined> => {
    const uri = source ? (typeof source === 'string' ? vscode.Uri.file(source) : source) : await pickMedia();
    if (!uri) return undefined;
    let media: MediaInput;
    try {
      media = await openMedia(uri.fsPath);
    } catch (error) {
      return fail(error instanceof ImportError ? error.message : `${uri.fsPath}: ${errorText(error)}`);
    }
    const settings = importSettings();
    const keepImages = args?.keepImages ?? (await askKeepImages(settings.keepImages));
    if (keepImages === undefined) return undefined;
    const target = await chooseTarget(uri.fsPath);
    if (!target) return undefined;
    const detector = await deps.detectorSettings();
    const total = mediaFrameCount(media);
    const name = basename(uri.fsPath);
    let chromium = '';
    let result: MediaSessionResult;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Landmark Lens: ${name}`, cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          progress.report({ message: 'starting the hand detector (Chromium)…' });
          const headless = await HeadlessDetector.start({
            chromium: settings.chromiumPath || undefined, chromiumOption: { name: CHROMIUM_SETTING, hint: CHROMIUM_SETTING },
          });
          chromium = headless.chromiumPath;
          try {
            if (abort.signal.aborted) throw new Cancelled();
            const started = Date.now();
            let reported = 0;
            let lastReport = 0;
            return await writeMediaSession(headless.client, media, {
              out: target.path, source: describeMedia(media, name), overwrite: target.overwrite, images: keepImages,
              fps: settings.imagesFps, stills: false, detector, signal: abort.signal,
              onProgress: (done) => {
                if (Date.now() - lastReport < 250 && done < total) return;
                lastReport = Date.now();
                const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
                progress.report({ increment: (100 * (done - reported)) / total, message: `${done} / ${total} frames · ${rate.toFixed(1)} frames/s` });
                reported = done;
              },
              onUndecodable: (frame, error) => deps.log.warn(`${frame.file ?? `frame ${frame.index}`}: ${error}; written as a frame without a hand`),
            });
          } finally {
            await headless.close();
          }
        },
      );
    } catch (error) {
      if (error instanceof Cancelled) return undefined;
      if (error instanceof ChromiumMissingError) {
        const text = `Landmark Lens: ${error.message}`;
        deps.log.error(text);
        void vscode.window.showErrorMessage(text, 'Open Settings').then((pick) => {
          if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', SETTING.chromiumPath);
        });
        return undefined;
      }
      if (isSessionError(error) || error instanceof ImportError || error instanceof DetectorError) return fail(error.message);
      return fail(`${uri.fsPath}: ${errorText(error)}`);
    }
    const rate = result.frames / Math.max(0.001, result.seconds);
    const summary =
      `${result.frames} frames (${result.noHand} without a hand${result.undecodable ? `, ${result.undecodable} not decodable` : ''}), ` +
      `${result.fps} fps${result.imagesFolder ? `, images in ${result.imagesFolder}` : ''}; ` +
      `detector p50 ${quantileText(result.detectorMs, 0.5)} ms p95 ${quantileText(result.detectorMs, 0.95)} ms, ${rate.toFixed(1)} frames/s`;
    if (result.cancelled) {
      deps.log.info(`import of ${uri.fsPath} cancelled: ${target.path} holds ${summary}`);
      void vscode.window.showInformationMessage(`Landmark Lens: cancelled after ${result.frames} of ${total} frames; ${target.path} holds them.`);
      return undefined;
    }
    deps.log.info(`imported ${uri.fsPath} (${chromium}) into ${target.path}: ${summary}`);
    vscode.window.setStatusBarMessage(`Landmark Lens: ${name}: ${result.frames} frames at ${rate.toFixed(1)} frames/s`, 10_000);
    const panelId = deps.openReplay(target.path);
    return {
      session: target.path, panelId, frames: result.frames, noHand: result.noHand, images: keepImages,
      framesPerSecond: rate, detectorP50Ms: Number(quantileText(result.detectorMs, 0.5)) || 0, chromium,
    };
  };

  const fail = (message: string): undefined => {
    deps.log.error(message);
    void vscode.window.showErrorMessage(`Landmark Lens: ${message}`);
    return undefined;
  };

  context.subscriptions.push(vscode.commands.registerCommand(REPLAY_MEDIA_COMMAND, run));
}
