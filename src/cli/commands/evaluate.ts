import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { CliCommand, CliIO } from '../command';
import { UserError } from '../command';
import { choiceOption, handOption, numberOption, parseCommandArgs } from '../args';
import { asUserError, demoModelPath } from './analyze';
import { writeLines } from '../writeLines';
import { findSessions } from '../../core/session/sessionSources';
import { loadModelFileInPool, type PooledModel } from '../../model/loadModelFileInPool';
import { evaluateSources, type EvaluationProgress } from '../../analysis/evaluateSources';
import { evaluationReport } from '../evaluate/evaluationReport';
import { reportMarkdown } from '../evaluate/reportMarkdown';
import { reportCsvLines } from '../evaluate/reportCsv';

const FORMATS = ['json', 'md', 'csv'] as const;

const USAGE =
  'evaluate <session|folder>... [--model m.onnx]... [--profile p.json]... [--format json|md|csv] [--out file] [--jobs 2] [--hand left|right] [--fps N]';

interface EvaluateArgs {
  inputs: string[];
  models: string[];
  profiles: string[];
  format: (typeof FORMATS)[number];
  out: string | null;
  jobs: number;
  hand?: 'left' | 'right';
  fps?: number;
}

function parseEvaluateArgs(args: string[]): EvaluateArgs {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      model: { type: 'string', multiple: true },
      profile: { type: 'string', multiple: true },
      format: { type: 'string' },
      out: { type: 'string' },
      jobs: { type: 'string' },
      hand: { type: 'string' },
      fps: { type: 'string' },
    },
    USAGE,
  );
  if (positionals.length === 0) throw new UserError(`expected at least one session file or folder; usage: ${USAGE}`);
  const models = values.model ?? [];
  const profiles = values.profile ?? [];
  if (models.length > 2) throw new UserError(`--model: at most two models are compared, found ${models.length}`);
  if (profiles.length > 1 && profiles.length !== Math.max(1, models.length)) {
    throw new UserError(`--profile: give one profile for every model, or one for all; found ${profiles.length} profiles for ${Math.max(1, models.length)} models`);
  }
  return {
    inputs: positionals,
    models,
    profiles,
    format: choiceOption('format', values.format, FORMATS) ?? 'json',
    out: values.out ?? null,
    jobs: numberOption('jobs', values.jobs, { min: 1, max: 64, integer: true }, 'an integer from 1 to 64') ?? 2,
    hand: handOption(values.hand),
    fps: numberOption('fps', values.fps, { above: 0, max: 1000 }, 'a number > 0'),
  };
}

/** One line on stderr, redrawn in place; only on a terminal. */
function progressLine(io: CliIO): { show(p: EvaluationProgress): void; clear(): void } {
  let last = 0;
  let shown = false;
  return {
    show(p) {
      if (!io.interactive) return;
      const now = Date.now();
      if (now - last < 100 && p.sourcesDone < p.sources) return;
      last = now;
      const session = p.session ? `  ${p.session} ${p.frames ? Math.floor((100 * p.framesDone) / p.frames) : 0}%` : '';
      io.stderr(`\r\x1b[Kevaluate: ${p.sourcesDone}/${p.sources} files${session}`);
      shown = true;
    },
    clear() {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}

export const evaluateCommand: CliCommand = {
  name: 'evaluate',
  usage: USAGE,
  summary: "a model's frame accuracy, confusion, per-class figures, time to correct and CER against the sessions' labels; two --model: both and their difference",
  async run(args: string[], io: CliIO): Promise<number> {
    const options = parseEvaluateArgs(args);
    const modelPaths = options.models.length ? options.models.map((m) => resolve(io.cwd, m)) : [demoModelPath()];
    for (const [i, path] of modelPaths.entries()) {
      if (!existsSync(path)) {
        throw new UserError(options.models.length ? `--model ${options.models[i]}: no such file` : `no --model given and the bundled demo model ${path} is missing; pass --model m.onnx`);
      }
    }
    const profileFor = (i: number) => {
      const given = options.profiles[options.profiles.length === 1 ? 0 : i];
      return given === undefined ? undefined : resolve(io.cwd, given);
    };
    let found;
    try {
      found = await findSessions(options.inputs.map((p) => resolve(io.cwd, p)), { hand: options.hand, fps: options.fps, nameFrom: io.cwd });
    } catch (err) {
      throw asUserError(err);
    }
    if (found.sources.length === 0) {
      const why = found.unreadable[0] ? `; ${found.unreadable[0].error}` : found.ignored.length ? ` (${found.ignored.length} other files)` : '';
      throw new UserError(`no session files in ${options.inputs.join(', ')}${why}`);
    }
    // Every core: the replay panel's layout (two single-threaded model hosts on two cores), one host a core.
    const hosts = Math.max(1, availableParallelism());
    const models: PooledModel[] = [];
    const progress = progressLine(io);
    try {
      for (const [i, path] of modelPaths.entries()) {
        models.push(await loadModelFileInPool(path, { profileFile: profileFor(i), hosts }));
      }
      const run = await evaluateSources(
        found.sources,
        models.map((m) => ({ profile: m.resolved.profile, runner: m.runner })),
        { jobs: options.jobs, onProgress: (p) => progress.show(p) },
      );
      progress.clear();
      const report = evaluationReport(
        run,
        models.map((m) => ({ model: m.path, profileFile: m.profileFile, labels: m.resolved.profile.labels })),
        found.ignored.length,
      );
      const unreadable = [...found.unreadable, ...report.sessions.unreadable.files];
      report.sessions.unreadable = { count: unreadable.length, files: unreadable };
      const lines = options.format === 'json' ? [JSON.stringify(report, null, 2)] : options.format === 'md' ? [reportMarkdown(report)] : reportCsvLines(report);
      await writeLines(lines, options.out ? resolve(io.cwd, options.out) : null, io);
      return 0;
    } catch (err) {
      progress.clear();
      throw asUserError(err);
    } finally {
      await Promise.all(models.map((m) => m.pool.dispose()));
    }
  },
};
