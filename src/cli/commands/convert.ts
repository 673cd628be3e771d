import { resolve } from 'node:path';
import type { CliCommand } from '../command';
import { UserError } from '../command';
import { SESSION_OUT_OPTIONS, handOption, numberOption, parseCommandArgs, requiredOut } from '../args';
import { writeNewFile } from '../writeNewFile';
import { requiredSessionImages } from '../requiredSessionImages';
import { formatProblem } from '../../core/session/formatProblem';
import { chooseImporter, importerById } from '../../core/session/importers/chooseImporter';
import type { SessionFormatId } from '../../core/session/importers/sessionImporter';
import { isSessionError } from '../../core/session/sessionError';
import { sessionLines } from '../../core/session/sessionLines';
import { convertMedia, isMediaInput } from './convertMedia';
import { runCancellable } from '../runCancellable';
import { readSidecar } from '../../model/loadModelWithProfile';
import { BACKEND_DEFAULT_PROFILE, type DetectorSettings } from '../../core/model/profile';
import { ModelProfileError } from '../../core/model/modelProfileError';
import { SessionImages, imagesFolderName, writeSessionImage } from '../../core/session/sessionImages';
import type { SessionHeader } from '../../core/session/types';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { sessionFrames } from '../../core/session/frameColumns';

const FORMATS: SessionFormatId[] = ['landmarks-jsonl', 'pose', 'csv', 'mediapipe-json'];
const USAGE =
  'convert <in|video|image folder> --out <out.landmarks.jsonl> [--hand left|right] [--fps N] ' +
  '[--from pose|csv|mediapipe-json|landmarks-jsonl] [--images] [--stills] [--profile p.json] [--chromium PATH] [--force]';

export const convertCommand: CliCommand = {
  name: 'convert',
  usage: USAGE,
  summary:
    'import a .pose, CSV or MediaPipe results JSON file (or check a session) into a *.landmarks.jsonl session; ' +
    'or run a video or a folder of JPEG/PNG images through the hand detector (headless Chromium)',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        ...SESSION_OUT_OPTIONS,
        fps: { type: 'string' },
        from: { type: 'string' },
        images: { type: 'boolean' },
        stills: { type: 'boolean' },
        chromium: { type: 'string' },
        profile: { type: 'string' },
      },
      USAGE,
    );
    if (positionals.length !== 1) throw new UserError(`expected one input file, found ${positionals.length}; usage: ${USAGE}`);
    const shownOut = requiredOut(values.out, USAGE);
    const hand = handOption(values.hand);
    const fps = numberOption('fps', values.fps, { above: 0, max: 1000 }, 'a frame rate in (0, 1000]');
    if (values.from !== undefined && !FORMATS.includes(values.from as SessionFormatId)) {
      throw new UserError(`--from: expected one of ${FORMATS.join(', ')}, found '${values.from}'`);
    }
    const input = resolve(io.cwd, positionals[0]);
    const out = resolve(io.cwd, shownOut);
    if (input === out) throw new UserError('--out: the output must be another file than the input');
    if (isMediaInput(input)) {
      if (values.hand !== undefined || values.from !== undefined) throw new UserError('--hand and --from are for landmark files, not videos or images');
      const detector = await detectorSettings(values.profile ? resolve(io.cwd, values.profile) : undefined);
      return runCancellable((signal) =>
        convertMedia(
          {
            input, shownInput: positionals[0], out, shownOut, force: values.force ?? false, images: values.images ?? false,
            fps, stills: values.stills ?? false, chromium: values.chromium, signal, detector,
          },
          io,
        ),
      );
    }
    if (values.stills || values.chromium !== undefined || values.profile !== undefined) {
      throw new UserError('--stills, --chromium and --profile are for videos and image folders; this input is a landmark file');
    }

    let session;
    let format: SessionFormatId;
    try {
      const importer = values.from ? importerById(values.from as SessionFormatId) : await chooseImporter(input);
      format = importer.id;
      session = await importer.read(input, { hand, fps });
    } catch (err) {
      if (isSessionError(err)) throw new UserError(err.message);
      throw err;
    }
    // The converted file says where it came from; the header's own fields are kept.
    const { images: _images, ...kept } = session.header;
    const header: SessionHeader = { ...kept, source: session.header.source ?? positionals[0], created: new Date().toISOString() };
    const images = values.images ? await requiredSessionImages('--images', input, session.header) : null;
    if (images) header.images = imagesFolderName(out);
    try {
      await writeNewFile(out, sessionLines({ ...session, header }), values.force ?? false);
    } catch (err) {
      if (isSessionError(err)) throw new UserError(err.message);
      throw err;
    }

    const copied = images ? await copyImages(images, out, sessionFrames(session).length, values.force ?? false) : 0;
    for (const note of session.notes ?? []) io.stderr(`note: ${formatProblem(note)}\n`);
    for (const problem of session.problems) io.stderr(`${formatProblem(problem)}\n`);
    const noHand = sessionFrames(session).filter((f) => f.hands.length === 0).length;
    io.stdout(
      `wrote ${shownOut} from ${format}: ${sessionFrames(session).length} frames (${noHand} without a hand)` +
        `${session.header.fps ? `, ${fpsText(session.header.fps)} fps` : ''}` +
        `${session.targets.length ? `, ${session.targets.length} targets` : ''}${session.labels.length ? `, ${session.labels.length} labels` : ''}` +
        `${images ? `, ${copied} images` : ''}\n`,
    );
    if (session.problems.length) {
      io.stderr(`${session.problems.length} problem(s): only the part before the first was converted\n`);
      return 1;
    }
    return 0;
  },
};

/** The detector's options: the backend's, with a profile file's `detector` fields over them. */
async function detectorSettings(profileFile: string | undefined): Promise<DetectorSettings> {
  if (!profileFile) return BACKEND_DEFAULT_PROFILE.detector;
  try {
    const read = await readSidecar('', profileFile);
    return { ...BACKEND_DEFAULT_PROFILE.detector, ...read?.profile.detector };
  } catch (err) {
    if (err instanceof ModelProfileError) throw new UserError(`--profile: ${err.message}`);
    throw err;
  }
}

/** Copies the images of the frames written (the valid part) into the output's sidecar folder. */
async function copyImages(images: SessionImages, out: string, frames: number, force: boolean): Promise<number> {
  const folder = join(dirname(out), imagesFolderName(out));
  if (force) await fs.rm(folder, { recursive: true, force: true });
  await fs.mkdir(folder, { recursive: true });
  let copied = 0;
  for (let frame = 0; frame < frames; frame++) {
    const image = await images.read(frame);
    if (!image) continue;
    await writeSessionImage(folder, frame, image);
    copied++;
  }
  return copied;
}

/** A frame rate to three decimals; a huge one (a header may say 1e308) in exponent form, never "Infinity". */
export function fpsText(fps: number): string {
  const rounded = Math.round(fps * 1000) / 1000;
  return Number.isFinite(rounded) ? String(rounded) : fps.toPrecision(4);
}
