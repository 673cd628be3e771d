import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { clearNotifications, extensionExports, hostName, repoRoot, screenshot, waitFor } from '../util';
import type { LandmarkLensExports } from '../../../src/extension/extension';
import type { MediaImportOutcome } from '../../../src/extension/media/registerMediaImport';
import { readSession } from '../../../src/core/session/readSession';
import { sessionFrames } from '../../../src/core/session/frameColumns';

const HANDS = path.join(repoRoot(), '..', 'shared', 'data', 'real', 'hands');
/** tfjs-models' tolerance for a Hands detector against the reference landmarks, px of the 620x1080 frame. */
const TOLERANCE_PX = 26;
const FRAMES = 40;

type Window = typeof vscode.window;

/**
 * Answers the pickers as a user would: VS Code's quick picks and dialogs, replaced for the duration of
 * `work` (the command's own code runs unchanged). Returns what each picker was shown.
 */
async function withPickers<T>(answers: {
  quickPick: Array<(items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined>;
  openDialog?: vscode.Uri[];
  warning?: string;
  errors?: string[];
}, work: () => Thenable<T>): Promise<{ result: T; shown: string[] }> {
  const win = vscode.window as { -readonly [K in keyof Window]: Window[K] };
  const saved = { showQuickPick: win.showQuickPick, showOpenDialog: win.showOpenDialog, showWarningMessage: win.showWarningMessage, showErrorMessage: win.showErrorMessage };
  const shown: string[] = [];
  const picks = [...answers.quickPick];
  win.showQuickPick = (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, options?: vscode.QuickPickOptions) => {
    const list = await items;
    shown.push(`quickPick: ${options?.placeHolder ?? ''}: ${list.map((i) => i.label).join(' | ')}`);
    const answer = picks.shift();
    assert.ok(answer, `an unexpected quick pick: ${options?.placeHolder}`);
    return answer(list);
  }) as unknown as Window['showQuickPick'];
  win.showOpenDialog = (async (options?: vscode.OpenDialogOptions) => {
    shown.push(`openDialog: files ${options?.canSelectFiles}, folders ${options?.canSelectFolders}`);
    return answers.openDialog;
  }) as Window['showOpenDialog'];
  win.showWarningMessage = (async (message: string) => {
    shown.push(`warning: ${message}`);
    return answers.warning;
  }) as Window['showWarningMessage'];
  win.showErrorMessage = (async (message: string) => {
    shown.push(`error: ${message}`);
    answers.errors?.push(message);
    return undefined;
  }) as Window['showErrorMessage'];
  try {
    return { result: await work(), shown };
  } finally {
    Object.assign(win, saved);
  }
}

const byLabel = (pattern: RegExp) => (items: readonly vscode.QuickPickItem[]) => items.find((i) => pattern.test(i.label));

suite(`Replay Video or Images (${hostName()})`, () => {
  let scratch: string;
  let frames: string;

  suiteSetup(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-media-suite-'));
    frames = path.join(scratch, 'asl-frames');
    fs.mkdirSync(frames);
    for (let i = 1; i <= FRAMES; i++) {
      const name = `${String(i).padStart(3, '0')}.jpg`;
      fs.copyFileSync(path.join(HANDS, 'asl_hand_frames', name), path.join(frames, name));
    }
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration().update('landmarkLens.detector.chromiumPath', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('a folder of JPEG frames, picked in the dialogs, becomes a session with images that opens with the image under the skeleton', async function () {
    this.timeout(240_000);
    const { api } = await extensionExports<LandmarkLensExports>();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    const { result: outcome, shown } = await withPickers(
      { quickPick: [byLabel(/Folder of images/), byLabel(/Keep the images/)], openDialog: [vscode.Uri.file(frames)] },
      () => vscode.commands.executeCommand<MediaImportOutcome | undefined>('landmarkLens.replayMedia'),
    );
    assert.ok(outcome, `the command finished (pickers shown: ${shown.join('; ')})`);
    assert.equal(shown.length, 3, shown.join('; '));
    assert.match(shown[1], /openDialog: files false, folders true/);
    const session = path.join(scratch, 'asl-frames.landmarks.jsonl');
    assert.equal(outcome.session, session, 'written beside the folder, named after it');
    assert.equal(outcome.frames, FRAMES);
    assert.equal(outcome.noHand, 0);
    console.log(`[replay-media] ${FRAMES} JPEG frames at ${outcome.framesPerSecond.toFixed(1)} frames/s, detector p50 ${outcome.detectorP50Ms} ms (${outcome.chromium})`);

    // The detector's landmarks are the reference's, within the tolerance, for every frame.
    const read = await readSession(session);
    const reference = JSON.parse(fs.readFileSync(path.join(HANDS, 'asl_hand.full.json'), 'utf8')) as number[][][];
    assert.equal(sessionFrames(read).length, FRAMES);
    let worst = 0;
    sessionFrames(read).forEach((frame, f) => {
      const lm = frame.hands[0].landmarks;
      for (let p = 0; p < 21; p++) {
        worst = Math.max(worst, Math.abs(lm[p * 3] * 620 - reference[f][p][0]), Math.abs(lm[p * 3 + 1] * 1080 - reference[f][p][1]));
      }
    });
    assert.ok(worst <= TOLERANCE_PX, `every coordinate within ${TOLERANCE_PX} px of the reference (worst ${worst.toFixed(1)} px)`);
    assert.equal(read.header.images, 'asl-frames.images');
    assert.equal(fs.readdirSync(path.join(scratch, 'asl-frames.images')).filter((n) => /^\d{6}\.jpg$/.test(n)).length, FRAMES);

    // The replay panel opened on it: analysed, its images known, and the playhead's image fetched by the webview.
    const rendered = await api.whenRendered(outcome.panelId, 60_000);
    assert.equal(rendered.frames, FRAMES);
    assert.equal(rendered.problems, 0);
    const panel = () => api.panels().find((p) => p.id === outcome.panelId);
    assert.equal(panel()?.images, FRAMES);
    await waitFor(() => (panel()?.imagesSent ?? 0) >= 1, 15_000, 'the webview to fetch the playhead frame\'s image');
    await clearNotifications();
    await new Promise((r) => setTimeout(r, 500));
    await screenshot('replay-camera-images');
  });

  test('importing again asks before replacing the session; without an answer nothing is written', async function () {
    this.timeout(60_000);
    const session = path.join(scratch, 'asl-frames.landmarks.jsonl');
    const before = fs.statSync(session).mtimeMs;
    const { result, shown } = await withPickers({ quickPick: [], warning: undefined }, () =>
      vscode.commands.executeCommand<MediaImportOutcome | undefined>('landmarkLens.replayMedia', frames, { keepImages: false }),
    );
    assert.equal(result, undefined);
    assert.equal(shown.length, 1, shown.join('; '));
    assert.match(shown[0], /warning: .*asl-frames\.landmarks\.jsonl already exists\. Replace it/);
    assert.equal(fs.statSync(session).mtimeMs, before, 'the session was not touched');
  });

  test('an excerpt of the ASL video (its first 2 s, WebM VP9) imports every frame at its own timestamps', async function () {
    this.timeout(300_000);
    // 50 frames of the clip, cut by ffmpeg (as the CLI's tests make their videos); the whole clip is
    // the CLI's test, where it is checked against the reference frame by frame.
    const video = path.join(scratch, 'asl-excerpt.webm');
    const cut = spawnSync('ffmpeg', [
      '-v', 'error', '-i', path.join(HANDS, 'asl_hand.25fps.webm'), '-frames:v', '50', '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', video,
    ]);
    assert.equal(cut.status, 0, `ffmpeg: ${cut.stderr?.toString()}`);
    const { result: outcome } = await withPickers({ quickPick: [] }, () =>
      vscode.commands.executeCommand<MediaImportOutcome | undefined>('landmarkLens.replayMedia', video, { keepImages: true }),
    );
    assert.ok(outcome);
    assert.equal(outcome.frames, 50);
    console.log(`[replay-media] ASL WebM excerpt: 50 frames at ${outcome.framesPerSecond.toFixed(1)} frames/s, detector p50 ${outcome.detectorP50Ms} ms`);
    const read = await readSession(outcome.session);
    assert.equal(read.header.fps, 25);
    assert.deepEqual([read.header.width, read.header.height], [620, 1080]);
    assert.equal(sessionFrames(read)[49].t, 49 * 40);
    assert.equal(sessionFrames(read).filter((f) => f.hands.length === 1).length, 50, 'a hand in every frame');
    const { api } = await extensionExports<LandmarkLensExports>();
    await api.whenRendered(outcome.panelId, 90_000);
    await waitFor(() => (api.panels().find((p) => p.id === outcome.panelId)?.imagesSent ?? 0) >= 1, 15_000, 'the playhead image');
    await clearNotifications();
    await new Promise((r) => setTimeout(r, 500));
    await screenshot('replay-camera-video');
  });

  test('an MP4 whose codec Chromium cannot decode is one error naming the codec and how to convert it', async function () {
    this.timeout(60_000);
    const video = path.join(scratch, 'old-codec.mp4');
    const made = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=red:s=160x120:r=10:d=1', '-c:v', 'mpeg4', video]);
    assert.equal(made.status, 0, `ffmpeg: ${made.stderr?.toString()}`);
    const errors: string[] = [];
    const { result, shown } = await withPickers({ quickPick: [], errors }, () =>
      vscode.commands.executeCommand<MediaImportOutcome | undefined>('landmarkLens.replayMedia', video, { keepImages: false }),
    );
    assert.equal(result, undefined);
    assert.equal(shown.length, 1, shown.join('; '));
    assert.match(errors[0], /old-codec\.mp4: MPEG-4 Part 2 \(mp4v\) video cannot be decoded by the detector's browser; convert it to WebM VP9, e\.g\. ffmpeg -i /);
    assert.equal(fs.existsSync(path.join(scratch, 'old-codec.landmarks.jsonl')), false, 'no session written');
  });

  test('without a Chromium the command says how to install one or set the path', async function () {
    this.timeout(60_000);
    await vscode.workspace.getConfiguration().update('landmarkLens.detector.chromiumPath', '/nonexistent/chromium', vscode.ConfigurationTarget.Global);
    const errors: string[] = [];
    const fresh = path.join(scratch, 'one-frame');
    fs.mkdirSync(fresh);
    fs.copyFileSync(path.join(frames, '001.jpg'), path.join(fresh, '001.jpg'));
    const second = await withPickers({ quickPick: [], errors }, () =>
      vscode.commands.executeCommand<MediaImportOutcome | undefined>('landmarkLens.replayMedia', fresh, { keepImages: false }),
    );
    assert.equal(second.result, undefined);
    assert.equal(errors.length, 1, errors.join('; '));
    assert.match(errors[0], /the setting landmarkLens\.detector\.chromiumPath: \/nonexistent\/chromium is not an executable file; install Chromium \(Debian\/Ubuntu: apt-get install chromium\) or point the setting landmarkLens\.detector\.chromiumPath or LANDMARK_LENS_CHROMIUM at a Chromium or Chrome/);
    await vscode.workspace.getConfiguration().update('landmarkLens.detector.chromiumPath', undefined, vscode.ConfigurationTarget.Global);
  });
});
