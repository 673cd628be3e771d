import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { CliCommand, CliIO } from '../command';
import { UserError } from '../command';
import { choiceOption, numberOption, parseCommandArgs } from '../args';
import { readValidSession } from '../readValidSession';
import { isSessionError } from '../../core/session/sessionError';
import { analysisSummary, csvLines, jsonlLines } from '../../core/pipeline/formatAnalysis';
import { ModelProfileError } from '../../core/model/modelProfileError';
import { ModelHostError } from '../../modelhost/modelHostError';
import { loadModelFileInPool, type PooledModel } from '../../model/loadModelFileInPool';
import { analyseSession } from '../../analysis/analyseSession';
import { replayOfEntry } from '../../analysis/resultsCodec';
import { writeLines } from '../writeLines';
import { findBundle } from '../../core/findBundle';

const FORMATS = ['jsonl', 'csv', 'summary'] as const;
type Format = (typeof FORMATS)[number];

interface AnalyzeArgs {
  session: string;
  model: string | null;
  profile: string | null;
  format: Format;
  out: string | null;
  batchSize: number;
  threads: number;
  hosts: number;
}

const USAGE =
  'analyze <session> [--model m.onnx] [--profile p.json] [--format jsonl|csv|summary] [--out file] [--batch-size 256] [--hosts N] [--threads 1]';

function parseAnalyzeArgs(args: string[]): AnalyzeArgs {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      model: { type: 'string' },
      profile: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      'batch-size': { type: 'string' },
      threads: { type: 'string' },
      hosts: { type: 'string' },
    },
    USAGE,
  );
  if (positionals.length !== 1) throw new UserError(`expected one session file; usage: ${USAGE}`);
  return {
    session: positionals[0],
    model: values.model ?? null,
    profile: values.profile ?? null,
    format: choiceOption('format', values.format, FORMATS) ?? 'jsonl',
    out: values.out ?? null,
    batchSize: numberOption('batch-size', values['batch-size'], { min: 1, integer: true }, 'an integer >= 1') ?? 256,
    threads: numberOption('threads', values.threads, { min: 0, integer: true }, 'an integer >= 0 (0: onnxruntime decides)') ?? 1,
    hosts: numberOption('hosts', values.hosts, { min: 1, integer: true }, 'an integer >= 1') ?? Math.max(1, availableParallelism()),
  };
}

/** The bundled demo model, in models/ beside dist/ in the package (found walking up, as test bundles run deeper). */
export function demoModelPath(): string {
  return findBundle(join('models', 'demo.onnx'), __dirname) ?? join(__dirname, '..', 'models', 'demo.onnx');
}

/** Turns the model host's and the profile's errors into one-line CLI errors (exit code 2). */
export function asUserError(err: unknown): unknown {
  if (err instanceof ModelHostError || err instanceof ModelProfileError || isSessionError(err)) {
    return new UserError(err.message);
  }
  return err;
}

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  usage: USAGE,
  summary: "replay a session through the backend's buffered pipeline; what the backend would have answered, frame by frame",
  async run(args: string[], io: CliIO): Promise<number> {
    const options = parseAnalyzeArgs(args);
    const sessionPath = resolve(io.cwd, options.session);
    const modelPath = options.model ? resolve(io.cwd, options.model) : demoModelPath();
    if (!options.model && !existsSync(modelPath)) {
      throw new UserError(`no --model given and the bundled demo model ${modelPath} is missing; pass --model m.onnx`);
    }
    // The replay panel's engine: one single-threaded model host per core, batches split across them,
    // the session read while the model loads.
    const reading = readValidSession(sessionPath);
    reading.catch(() => undefined);
    let model: PooledModel | null = null;
    try {
      model = await loadModelFileInPool(modelPath, {
        profileFile: options.profile ? resolve(io.cwd, options.profile) : undefined,
        hosts: options.hosts,
        intraOpThreads: options.threads,
      });
      const session = await reading;
      const profile = model.resolved.profile;
      const outcome = await analyseSession(session, profile, model.runner, { batchSize: options.batchSize });
      const result = replayOfEntry(outcome.result);
      const lines =
        options.format === 'jsonl'
          ? jsonlLines(result)
          : options.format === 'csv'
            ? csvLines(result, profile.labels)
            : [JSON.stringify(analysisSummary(result, model.resolved, modelPath), null, 2)];
      await writeLines(lines, options.out ? resolve(io.cwd, options.out) : null, io);
      return 0;
    } catch (err) {
      throw asUserError(err);
    } finally {
      await model?.pool.dispose();
    }
  },
};
