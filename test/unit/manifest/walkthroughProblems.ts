// Checks package.json's contributes.walkthroughs against the rest of the manifest and the files on disk. VS Code
// shows a broken step silently (an empty page, a button that does nothing), so the tests do the checking.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Step {
  id?: string;
  title?: string;
  description?: string;
  media?: Record<string, unknown>;
  completionEvents?: string[];
}

interface Manifest {
  contributes?: {
    commands?: { command: string }[];
    walkthroughs?: { id?: string; title?: string; description?: string; steps?: Step[] }[];
    configuration?: { properties?: Record<string, unknown> };
  };
}

/** Completion events VS Code knows besides onCommand and onSettingChanged. */
const OTHER_EVENTS = ['onView:', 'onContext:', 'onLink:', 'extensionInstalled:', 'onStepSelected'];
const COMMAND_LINK = /\(command:([\w.-]+)(?:\?([^)\s]*))?\)/g;

/** Every `(command:id?args)` link in Markdown text, with its arguments decoded (or the reason they are not). */
function commandLinks(text: string): { command: string; args?: unknown; badArgs?: string }[] {
  return [...text.matchAll(COMMAND_LINK)].map(([, command, query]) => {
    if (query === undefined) return { command };
    try {
      return { command, args: JSON.parse(decodeURIComponent(query)) };
    } catch (error) {
      return { command, badArgs: `${query}: ${(error as Error).message}` };
    }
  });
}

/** The problems of the manifest's walkthroughs, one line each naming the step and what is wrong; [] when none. */
export function walkthroughProblems(manifest: Manifest, root: string): string[] {
  const problems: string[] = [];
  const commands = new Set((manifest.contributes?.commands ?? []).map((c) => c.command));
  const settings = new Set(Object.keys(manifest.contributes?.configuration?.properties ?? {}));
  const walkthroughs = manifest.contributes?.walkthroughs ?? [];
  if (walkthroughs.length === 0) problems.push('contributes.walkthroughs: none');

  const checkLinks = (where: string, text: string) => {
    for (const link of commandLinks(text)) {
      if (!commands.has(link.command)) problems.push(`${where}: command link to ${link.command}, which package.json does not contribute`);
      if (link.badArgs) problems.push(`${where}: arguments of ${link.command} are not URL-encoded JSON (${link.badArgs})`);
      if (link.command === 'landmarkLens.replaySample' && link.args !== undefined) {
        const name = Array.isArray(link.args) ? link.args[0] : undefined;
        const file = typeof name === 'string' ? (name.endsWith('.landmarks.jsonl') ? name : `${name}.landmarks.jsonl`) : '';
        if (!file || !existsSync(join(root, 'samples', file))) problems.push(`${where}: replaySample names ${JSON.stringify(link.args)}, not a file of samples/`);
      }
    }
  };

  walkthroughs.forEach((walkthrough, w) => {
    const at = `walkthrough ${walkthrough.id ?? w}`;
    for (const field of ['id', 'title', 'description'] as const) {
      if (typeof walkthrough[field] !== 'string' || walkthrough[field] === '') problems.push(`${at}: ${field} missing`);
    }
    const steps = walkthrough.steps ?? [];
    if (steps.length === 0) problems.push(`${at}: no steps`);
    steps.forEach((step, s) => {
      const where = `${at}, step ${step.id ?? s}`;
      for (const field of ['id', 'title', 'description'] as const) {
        if (typeof step[field] !== 'string' || step[field] === '') problems.push(`${where}: ${field} missing`);
      }
      checkLinks(where, step.description ?? '');
      const media = step.media ?? {};
      const kinds = ['markdown', 'image', 'svg'].filter((k) => k in media);
      if (kinds.length !== 1) problems.push(`${where}: media needs exactly one of markdown, image, svg (has ${kinds.join(', ') || 'none'})`);
      for (const kind of kinds) {
        const file = media[kind];
        if (typeof file !== 'string') {
          problems.push(`${where}: media.${kind} is not a path`);
        } else if (!existsSync(join(root, file))) {
          problems.push(`${where}: media.${kind} ${file} does not exist`);
        } else if (kind === 'markdown') {
          checkLinks(`${where} (${file})`, readFileSync(join(root, file), 'utf8'));
        }
        if (kind !== 'markdown' && typeof media.altText !== 'string') problems.push(`${where}: media.${kind} has no altText`);
      }
      const events = step.completionEvents ?? [];
      if (events.length === 0 && commandLinks(step.description ?? '').length === 0) {
        problems.push(`${where}: neither completionEvents nor a command link, so it can never be completed`);
      }
      for (const event of events) {
        if (event.startsWith('onCommand:')) {
          const command = event.slice('onCommand:'.length);
          if (!commands.has(command)) problems.push(`${where}: completion event ${event} names a command package.json does not contribute`);
        } else if (event.startsWith('onSettingChanged:')) {
          const setting = event.slice('onSettingChanged:'.length);
          if (!settings.has(setting)) problems.push(`${where}: completion event ${event} names a setting package.json does not contribute`);
        } else if (!OTHER_EVENTS.some((prefix) => event.startsWith(prefix))) {
          problems.push(`${where}: unknown completion event ${event}`);
        }
      }
    });
  });
  return problems;
}
