import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { UserError } from '../command';
import { formatProblem } from '../../core/session/formatProblem';
import { chooseImporter, importerById } from '../../core/session/importers/chooseImporter';
import type { SessionFormatId } from '../../core/session/importers/sessionImporter';
import { isSessionError } from '../../core/session/sessionError';
import { sessionLines } from '../../core/session/sessionLines';

const FORMATS: SessionFormatId[] = ['landmarks-jsonl', 'pose', 'csv', 'mediapipe-json'];
const USAGE = 'convert <in> --out <out.landmarks.jsonl> [--hand left|right] [--fps N] [--from pose|csv|mediapipe-json|landmarks-jsonl] [--force]';

/** Writes lines to a new file; an existing file is replaced only with `force` (checked atomically by the open). */
async function writeLines(path: string, lines: Iterable<string>, force: boolean): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, force ? 'w' : 'wx');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UserError(`--out: ${path} already exists; pass --force to replace it`);
    throw new UserError(`--out: cannot write ${path} (${code ?? (err as Error).message})`);
  }
  try {
    // Batches of lines keep memory bounded for long sessions without a write per line.
    let batch: string[] = [];
    for (const line of lines) {
      batch.push(line);
      if (batch.length === 1000) {
        await handle.write(batch.join('\n') + '\n');
        batch = [];
      }
    }
    if (batch.length) await handle.write(batch.join('\n') + '\n');
  } catch (err) {
    throw new UserError(`--out: cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  } finally {
    await handle.close();
  }
}

export const convertCommand: CliCommand = {
  name: 'convert',
  usage: USAGE,
  summary: 'import a .pose, CSV or MediaPipe results JSON file (or check a session) into a *.landmarks.jsonl session',
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: {
          out: { type: 'string', short: 'o' },
          hand: { type: 'string' },
          fps: { type: 'string' },
          from: { type: 'string' },
          force: { type: 'boolean', short: 'f' },
        },
      });
    } catch (err) {
      throw new UserError(`${(err as Error).message.split('\n')[0]} usage: ${USAGE}`);
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UserError(`expected one input file, found ${positionals.length}; usage: ${USAGE}`);
    if (!values.out) throw new UserError(`--out: expected the file to write; usage: ${USAGE}`);
    let hand: 'left' | 'right' | undefined;
    if (values.hand !== undefined) {
      const h = values.hand.toLowerCase();
      if (h !== 'left' && h !== 'right') throw new UserError(`--hand: expected left or right, found '${values.hand}'`);
      hand = h;
    }
    let fps: number | undefined;
    if (values.fps !== undefined) {
      fps = Number(values.fps);
      if (values.fps.trim() === '' || !Number.isFinite(fps) || fps <= 0 || fps > 1000) throw new UserError(`--fps: expected a frame rate in (0, 1000], found '${values.fps}'`);
    }
    if (values.from !== undefined && !FORMATS.includes(values.from as SessionFormatId)) {
      throw new UserError(`--from: expected one of ${FORMATS.join(', ')}, found '${values.from}'`);
    }
    const input = resolve(io.cwd, positionals[0]);
    const out = resolve(io.cwd, values.out);
    if (input === out) throw new UserError('--out: the output must be another file than the input');

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
    const header = { ...session.header, source: session.header.source ?? positionals[0], created: new Date().toISOString() };
    try {
      await writeLines(out, sessionLines({ ...session, header }), values.force ?? false);
    } catch (err) {
      if (isSessionError(err)) throw new UserError(err.message);
      throw err;
    }

    for (const note of session.notes ?? []) io.stderr(`note: ${formatProblem(note)}\n`);
    for (const problem of session.problems) io.stderr(`${formatProblem(problem)}\n`);
    const noHand = session.frames.filter((f) => f.hands.length === 0).length;
    io.stdout(
      `wrote ${values.out} from ${format}: ${session.frames.length} frames (${noHand} without a hand)` +
        `${session.header.fps ? `, ${Math.round(session.header.fps * 1000) / 1000} fps` : ''}` +
        `${session.targets.length ? `, ${session.targets.length} targets` : ''}${session.labels.length ? `, ${session.labels.length} labels` : ''}\n`,
    );
    if (session.problems.length) {
      io.stderr(`${session.problems.length} problem(s): only the part before the first was converted\n`);
      return 1;
    }
    return 0;
  },
};
