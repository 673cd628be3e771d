import { resolve } from 'node:path';
import type { CliCommand, CliIO } from '../command';
import { UserError } from '../command';
import { parseCommandArgs } from '../args';
import { formatDims } from '../../core/model/signature';
import { ModelHostClient } from '../../modelhost/client';
import { findHostScript } from '../../modelhost/hostScript';
import { loadModelWithProfile } from '../../model/loadModelWithProfile';
import { asUserError } from './analyze';

const USAGE = 'inspect-model <m.onnx> [--profile p.json] [--json]';

export const inspectModelCommand: CliCommand = {
  name: 'inspect-model',
  usage: USAGE,
  summary: "print a model's signature and resolved pipeline profile; warns when outputs already look like probabilities",
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, { profile: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
    if (positionals.length !== 1) throw new UserError(`expected one model file; usage: ${USAGE}`);
    const json = values.json === true;
    const profileFile = values.profile;
    const modelPath = resolve(io.cwd, positionals[0]);
    const client = new ModelHostClient({ hostScript: findHostScript() });
    try {
      const model = await loadModelWithProfile(client, modelPath, {
        profileFile: profileFile ? resolve(io.cwd, profileFile) : undefined,
      });
      const { signature, resolved } = model;
      if (json) {
        io.stdout(
          JSON.stringify(
            {
              model: modelPath,
              signature,
              classCount: model.classCount,
              outputsLookLikeProbabilities: model.outputsLookLikeProbabilities,
              profileFile: model.profileFile,
              profile: resolved.profile,
              sources: resolved.sources,
              warnings: resolved.warnings,
            },
            null,
            2,
          ) + '\n',
        );
        return 0;
      }
      const lines: string[] = [`model: ${modelPath}`, `onnx: ir ${signature.irVersion}, opset ${signature.opset}${signature.producer ? `, from ${signature.producer}` : ''}`];
      for (const i of signature.inputs) lines.push(`input:  ${i.name} ${formatDims(i.dims)}`);
      for (const o of signature.outputs) lines.push(`output: ${o.name} ${formatDims(o.dims)}`);
      lines.push(`classes: ${model.classCount}`);
      if (model.profileFile) lines.push(`profile file: ${model.profileFile}`);
      lines.push('profile:');
      for (const [key, value] of Object.entries(resolved.profile)) {
        const shown = key === 'labels' ? (value as string[]).join(' ') : JSON.stringify(value);
        lines.push(`  ${key.padEnd(16)} ${shown}  (${resolved.sources[key as keyof typeof resolved.sources]})`);
      }
      for (const w of resolved.warnings) lines.push(`warning: ${w}`);
      io.stdout(lines.join('\n') + '\n');
      return 0;
    } catch (err) {
      throw asUserError(err);
    } finally {
      await client.dispose();
    }
  },
};
