// No 'vscode' here: the text is tested as a plain module.
import type { ResolvedProfile } from '../../core/model/profile';
import type { ModelSignature } from '../../core/model/signature';
import { formatDims } from '../../core/model/signature';

/** One line for a notification: the signature, the window and class count, and how many fields were inferred. */
export function modelSummaryLine(file: string, signature: ModelSignature, resolved: ResolvedProfile): string {
  const input = signature.inputs[0];
  const output = signature.outputs[0];
  const inferred = Object.values(resolved.sources).filter((s) => s === 'inferred').length;
  const p = resolved.profile;
  return (
    `${file}: ${input ? `${input.name} ${formatDims(input.dims)}` : '?'} -> ${output ? `${output.name} ${formatDims(output.dims)}` : '?'}; ` +
    `window ${p.windowSize}, ${p.labels.length} classes, smoothing ${p.smoothingWindow}` +
    (inferred > 0 ? `; ${inferred} profile fields inferred from the signature` : '')
  );
}

/** The full description for the log: every profile field with its source, then the warnings. */
export function modelDetailLines(resolved: ResolvedProfile): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(resolved.profile)) {
    const shown = key === 'labels' ? (value as string[]).join(' ') : JSON.stringify(value);
    lines.push(`${key}: ${shown} (${resolved.sources[key as keyof typeof resolved.sources]})`);
  }
  for (const w of resolved.warnings) lines.push(`warning: ${w}`);
  return lines;
}
