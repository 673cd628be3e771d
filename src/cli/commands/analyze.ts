import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import type { CliCommand, CliIO } from '../command';
import { UserError } from '../command';
import { readSession } from '../../core/session/readSession';
import { isSessionError } from '../../core/session/sessionError';
import { formatProblem } from '../../core/session/formatProblem';
import { replaySession } from '../../core/pipeline/replaySession';
import { analysisSummary, csvLines, jsonlLines } from '../../core/pipeline/formatAnalysis';
import { ModelProfileError } from '../../core/model/modelProfileError';
import { ModelHostClient } from '../../modelhost/client';
import { ModelHostError } from '../../modelhost/modelHostError';
import { findHostScript } from '../../modelhost/hostScript';
import { loadModelWithProfile } from '../../modelhost/loadModelWithProfile';

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
}

const USAGE =
  'analyze <session> [--model m.onnx] [--profile p.json] [--format jsonl|csv|summary] [--out file] [--batch-size 64] [--threads 1]';

function parseArgs(args: string[]): AnalyzeArgs {
  const parsed: AnalyzeArgs = { session: '', model: null, profile: null, format: 'jsonl', out: null, batchSize: 64, threads: 1 };
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [flag, inline] = arg.split('=', 2);
    const value = inline ?? args[++i];
    if (value === undefined) throw new UserError(`${flag} needs a value; usage: ${USAGE}`);
    switch (flag) {
      case '--model':
        parsed.model = value;
        break;
      case '--profile':
        parsed.profile = value;
        break;
      case '--out':
        parsed.out = value;
        break;
      case '--format':
        if (!(FORMATS as readonly string[]).includes(value)) {
          throw new UserError(`--format must be one of ${FORMATS.join(', ')}, got '${value}'`);
        }
        parsed.format = value as Format;
        break;
      case '--batch-size':
      case '--threads': {
        const n = Number(value);
        const min = flag === '--threads' ? 0 : 1;
        if (!Number.isInteger(n) || n < min) throw new UserError(`${flag} must be an integer >= ${min}, got '${value}'`);
        if (flag === '--threads') parsed.threads = n;
        else parsed.batchSize = n;
        break;
      }
      default:
        throw new UserError(`unknown option ${flag}; usage: ${USAGE}`);
    }
  }
  if (positional.length !== 1) throw new UserError(`expected one session file; usage: ${USAGE}`);
  parsed.session = positional[0];
  return parsed;
}

/** The bundled demo model, next to dist/ in the package. */
export function demoModelPath(): string {
  return join(__dirname, '..', 'models', 'demo.onnx');
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
    const options = parseArgs(args);
    const sessionPath = resolve(io.cwd, options.session);
    const modelPath = options.model ? resolve(io.cwd, options.model) : demoModelPath();
    if (!options.model && !existsSync(modelPath)) {
      throw new UserError(`no --model given and the bundled demo model ${modelPath} is missing; pass --model m.onnx`);
    }
    const client = new ModelHostClient({ hostScript: findHostScript(), intraOpThreads: options.threads });
    try {
      const session = await readSession(sessionPath).catch((err) => {
        throw asUserError(err);
      });
      if (session.problems.length > 0) {
        const more = session.problems.length > 1 ? ` (and ${session.problems.length - 1} more problems)` : '';
        throw new UserError(`${formatProblem(session.problems[0])}${more}`);
      }
      const model = await loadModelWithProfile(client, modelPath, {
        profileFile: options.profile ? resolve(io.cwd, options.profile) : undefined,
      });
      const result = await replaySession(session, model.resolved.profile, client.createRunner(model.resolved.profile, options.batchSize), {
        batchSize: options.batchSize,
      });
      const lines =
        options.format === 'jsonl'
          ? jsonlLines(result)
          : options.format === 'csv'
            ? csvLines(result, model.resolved.profile.labels)
            : [JSON.stringify(analysisSummary(result, model.resolved, modelPath), null, 2)];
      await writeLines(lines, options.out ? resolve(io.cwd, options.out) : null, io);
      return 0;
    } catch (err) {
      throw asUserError(err);
    } finally {
      await client.dispose();
    }
  },
};

async function writeLines(lines: Iterable<string>, outPath: string | null, io: CliIO): Promise<void> {
  if (outPath === null) {
    for (const line of lines) io.stdout(line + '\n');
    return;
  }
  const stream = createWriteStream(outPath);
  const failed = once(stream, 'error').then(([err]) => {
    throw new UserError(`${outPath}: cannot write (${(err as NodeJS.ErrnoException).code ?? err})`);
  });
  failed.catch(() => undefined);
  for (const line of lines) {
    if (!stream.write(line + '\n')) await Promise.race([once(stream, 'drain'), failed]);
  }
  stream.end();
  await Promise.race([once(stream, 'finish'), failed]);
}
