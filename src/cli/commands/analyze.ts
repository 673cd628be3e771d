import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import type { CliCommand, CliIO } from '../command';
import { UserError } from '../command';
import { choiceOption, numberOption, parseCommandArgs } from '../args';
import { readValidSession } from '../readValidSession';
import { isSessionError } from '../../core/session/sessionError';
import { JsonlChunks, analysisSummary, csvHeader, csvRow } from '../../core/pipeline/formatAnalysis';
import { ModelProfileError } from '../../core/model/modelProfileError';
import { ModelHostError } from '../../modelhost/modelHostError';
import { loadModelFileInPool, type PooledModel } from '../../model/loadModelFileInPool';
import { analyseSession } from '../../analysis/analyseSession';
import { replayOfEntry } from '../../analysis/resultsCodec';
import { NonFiniteInputError } from '../../core/pipeline/windowStage';
import { writeNewFileBytes } from '../writeNewFile';
import { checkOutputPath } from '../outputPath';
import { findBundle } from '../../core/findBundle';
import type { TargetChangeResult } from '../../core/pipeline/types';
import { AnalyzeTimings } from '../analyzeTimings';

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
  force: boolean;
}

/** Windows per model call: past this a batch costs more memory than it saves in calls. */
export const MAX_BATCH_SIZE = 4096;
/** The input of one model call, at most: a batch of windows is one typed array sent to the model host. */
const MAX_BATCH_BYTES = 512 * 2 ** 20;

/** About 0.5 s of parsing on one core, about what the model hosts take to start (a 5-minute session is 6 MB). */
const IN_THREAD_READ_BYTES = 16 * 2 ** 20;

const USAGE =
  'analyze <session> [--model m.onnx] [--profile p.json] [--format jsonl|csv|summary] [--out file] [--batch-size 256] [--hosts N] [--threads 1] [--force]';

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
      force: { type: 'boolean', short: 'f' },
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
    batchSize: numberOption('batch-size', values['batch-size'], { min: 1, max: MAX_BATCH_SIZE, integer: true }, `an integer from 1 to ${MAX_BATCH_SIZE} (windows per model call)`) ?? 256,
    threads: threadsOption(values.threads) ?? 1,
    hosts: numberOption('hosts', values.hosts, { min: 1, integer: true }, 'an integer >= 1') ?? Math.max(1, availableParallelism()),
    force: values.force ?? false,
  };
}

/**
 * onnxruntime's intra-op threads: more than the machine's cores only contend (99,999 made the host spin
 * and grow until it stopped answering). 0 lets onnxruntime decide.
 */
export function threadsOption(raw: string | undefined): number | undefined {
  const cores = Math.max(1, cpus().length);
  return numberOption('threads', raw, { min: 0, max: cores, integer: true }, `an integer from 0 to ${cores} (this machine's ${cores} cores; more only contend)`);
}

/** The bundled demo model, in models/ beside dist/ in the package (found walking up, as test bundles run deeper). */
export function demoModelPath(): string {
  return findBundle(join('models', 'demo.onnx'), __dirname) ?? join(__dirname, '..', 'models', 'demo.onnx');
}

/** Turns the model host's and the profile's errors into one-line CLI errors (exit code 2). */
export function asUserError(err: unknown): unknown {
  if (err instanceof ModelHostError || err instanceof ModelProfileError || isSessionError(err) || err instanceof NonFiniteInputError) {
    return new UserError(err.message);
  }
  return err;
}

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  usage: USAGE,
  summary: "replay a session through the backend's buffered pipeline; what the backend would have answered, frame by frame",
  async run(args: string[], io: CliIO): Promise<number> {
    const timings = AnalyzeTimings.fromEnvironment();
    timings?.mark('command');
    const options = parseAnalyzeArgs(args);
    const sessionPath = resolve(io.cwd, options.session);
    const outPath = options.out ? resolve(io.cwd, options.out) : null;
    if (outPath) await checkOutputPath(outPath, options.force, [{ path: sessionPath, what: 'the session being analysed' }]);
    const modelPath = options.model ? resolve(io.cwd, options.model) : demoModelPath();
    if (!options.model && !existsSync(modelPath)) {
      throw new UserError(`no --model given and the bundled demo model ${modelPath} is missing; pass --model m.onnx`);
    }
    // The replay panel's engine: one single-threaded model host per core taking requests from one queue,
    // the session read while the model loads. This thread only waits for the hosts meanwhile, so a file
    // it parses in about the time they take to start is parsed here: starting worker threads would take
    // CPU from the hosts' start.
    const reading = readValidSession(sessionPath, io.stderr, { inThreadBytes: IN_THREAD_READ_BYTES });
    reading.then(() => timings?.mark('read'), () => undefined);
    let model: PooledModel | null = null;
    let written = false;
    try {
      model = await loadModelFileInPool(modelPath, {
        profileFile: options.profile ? resolve(io.cwd, options.profile) : undefined,
        hosts: options.hosts,
        intraOpThreads: options.threads,
      });
      timings?.mark('loaded');
      const session = await reading;
      timings?.analysisStarts(model.pool);
      const profile = model.resolved.profile;
      const batchBytes = options.batchSize * profile.windowSize * 63 * 4;
      if (batchBytes > MAX_BATCH_BYTES) {
        const fits = Math.max(1, Math.floor(MAX_BATCH_BYTES / (profile.windowSize * 63 * 4)));
        throw new UserError(
          `--batch-size: ${options.batchSize} windows of ${profile.windowSize} frames take ${Math.round(batchBytes / 2 ** 20)} MB per model call; expected at most ${fits} with this windowSize`,
        );
      }
      // jsonl and csv are formatted as the final results come, while the model still runs; written at the
      // end, so a failed analysis leaves no partial output. Each chunk is whole lines, each ending in a newline.
      const chunks: Uint8Array[] = [];
      const lines = (text: string) => chunks.push(Buffer.from(text + '\n'));
      if (options.format === 'csv') lines(csvHeader(profile.labels));
      const targetChanges: TargetChangeResult[] = [];
      const jsonl = options.format === 'jsonl' ? new JsonlChunks(targetChanges) : null;
      const classCount = profile.labels.length;
      const outcome = await analyseSession(session, profile, model.runner, {
        batchSize: options.batchSize,
        onTargets: (changes) => targetChanges.push(...changes),
        onFinal: (frames) => {
          if (jsonl) chunks.push(jsonl.frames(frames));
          else if (options.format === 'csv' && frames.length) lines(frames.map((r) => csvRow(r, classCount)).join('\n'));
        },
      });
      timings?.analysisEnds(model.pool);
      if (jsonl) chunks.push(jsonl.end());
      if (options.format === 'summary') lines(JSON.stringify(analysisSummary(replayOfEntry(outcome.result), model.resolved, modelPath), null, 2));
      const problems = outcome.result.problems.map((p) => `frame ${p.frame}: ${p.message}`);
      for (const problem of problems.slice(0, 20)) io.stderr(`warning: ${sessionPath}: ${problem}\n`);
      if (problems.length > 20) io.stderr(`warning: ${sessionPath}: and ${problems.length - 20} more frames with non-finite values\n`);
      if (outPath) await writeNewFileBytes(outPath, chunks, options.force);
      else for (const chunk of chunks) if (chunk.length) io.stdout(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString());
      written = true;
      if (timings) {
        timings.mark('written');
        io.stderr(timings.line(outcome.result.windows));
      }
      return 0;
    } catch (err) {
      throw asUserError(err);
    } finally {
      // Once the output is written the hosts are idle and exit by themselves when told to stop: waiting for
      // their exit would only delay this process's. After a failure they may be busy, so it waits.
      await model?.pool.dispose({ waitForExit: !written });
    }
  },
};
