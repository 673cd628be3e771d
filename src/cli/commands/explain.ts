import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliCommand, CliIO } from '../command';
import { UserError } from '../command';
import { choiceOption, numberOption, parseCommandArgs } from '../args';
import { readValidSession } from '../readValidSession';
import { attributeWindow, noWindowReason } from '../../core/attribution/attributeWindow';
import { attributionReport, attributionText } from '../../core/attribution/formatAttribution';
import { occlusionRowCount } from '../../core/attribution/occlusion';
import { frameSourceOf } from '../../core/session/frameSource';
import { ModelHostClient } from '../../modelhost/client';
import { findHostScript } from '../../modelhost/hostScript';
import { loadModelWithProfile } from '../../model/loadModelWithProfile';
import { writeLines } from '../writeLines';
import { asUserError, demoModelPath } from './analyze';

const FORMATS = ['text', 'json'] as const;

const USAGE = 'explain <session> --frame N [--class L] [--format text|json] [--model m.onnx] [--profile p.json] [--out file]';

/** The index of class `name` among `labels`: exact, else the one label equal ignoring case; a UserError listing them otherwise. */
export function classIndexOf(name: string, labels: readonly string[]): number {
  const exact = labels.indexOf(name);
  if (exact >= 0) return exact;
  const folded = labels.flatMap((l, i) => (l.toLowerCase() === name.toLowerCase() ? [i] : []));
  if (folded.length === 1) return folded[0];
  throw new UserError(`--class: '${name}' is not a class of this model; its classes are ${labels.join(', ')}`);
}

export const explainCommand: CliCommand = {
  name: 'explain',
  usage: USAGE,
  summary:
    'occlusion attribution of the model window ending at a frame: how much each landmark and each frame of the window drove a class',
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(
      args,
      { frame: { type: 'string' }, class: { type: 'string' }, format: { type: 'string' }, model: { type: 'string' }, profile: { type: 'string' }, out: { type: 'string' } },
      USAGE,
    );
    if (positionals.length !== 1) throw new UserError(`expected one session file; usage: ${USAGE}`);
    if (values.frame === undefined) throw new UserError(`--frame N is required (the frame whose window to explain); usage: ${USAGE}`);
    const frame = numberOption('frame', values.frame, { min: 0, integer: true }, 'a frame number (an integer >= 0)')!;
    const format = choiceOption('format', values.format, FORMATS) ?? 'text';
    const sessionPath = resolve(io.cwd, positionals[0]);
    const modelPath = values.model ? resolve(io.cwd, values.model) : demoModelPath();
    if (!values.model && !existsSync(modelPath)) {
      throw new UserError(`no --model given and the bundled demo model ${modelPath} is missing; pass --model m.onnx`);
    }
    const client = new ModelHostClient({ hostScript: findHostScript(), intraOpThreads: 1 });
    try {
      const session = await readValidSession(sessionPath, io.stderr);
      const model = await loadModelWithProfile(client, modelPath, { profileFile: values.profile ? resolve(io.cwd, values.profile) : undefined });
      const { profile } = model.resolved;
      const classIndex = values.class === undefined ? null : classIndexOf(values.class, profile.labels);
      const why = noWindowReason(session, profile.windowSize, frame);
      if (why) throw new UserError(`--frame ${frame}: ${why}`);
      const runner = client.createRunner(profile, occlusionRowCount(profile.windowSize));
      const attribution = await attributeWindow(session, profile, runner, frame);
      if (!attribution) throw new UserError(`--frame ${frame}: no model window ends there`);
      const frames = frameSourceOf(session);
      const report = attributionReport(attribution, classIndex, profile.labels, (f) => frames.t(f));
      const lines = format === 'json' ? [JSON.stringify({ ...report, model: modelPath }, null, 2)] : attributionText(report);
      await writeLines(lines, values.out ? resolve(io.cwd, values.out) : null, io);
      return 0;
    } catch (err) {
      throw asUserError(err);
    } finally {
      await client.dispose();
    }
  },
};
