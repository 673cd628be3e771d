import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { UserError } from '../command';
import { serializeSession } from '../../core/session/sessionLines';
import { synthesizeFingerspelling } from '../../core/synth/synthesizeSession';
import { SynthTextError } from '../../core/synth/fingerspellingText';

function parseNumber(flag: string, value: string | undefined, check: (n: number) => boolean, expected: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UserError(`--${flag}: expected ${expected}, found '${value}'`);
  return n;
}

export const synthCommand: CliCommand = {
  name: 'synth',
  usage: 'synth "<text>" --out <file.landmarks.jsonl> [--fps 30] [--seed N] [--hand left|right] [--practice]',
  summary: "a fingerspelled session from the synthesizer (A-Z, space = SPACE, '<' = DELETE), with ground-truth labels",
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: {
          out: { type: 'string', short: 'o' },
          fps: { type: 'string' },
          seed: { type: 'string' },
          hand: { type: 'string' },
          practice: { type: 'boolean' },
        },
      });
    } catch (err) {
      // node's parseArgs explains on several lines; the first says what is wrong.
      throw new UserError((err as Error).message.split('\n')[0]);
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) {
      throw new UserError(`expected one quoted text to fingerspell, found ${positionals.length} arguments; usage: ${this.usage}`);
    }
    if (!values.out) throw new UserError(`--out: expected the file to write; usage: ${this.usage}`);
    const fps = parseNumber('fps', values.fps, (n) => n > 0 && n <= 240, 'a frame rate in (0, 240]');
    const seed = parseNumber('seed', values.seed, (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff, 'an integer 0..4294967295');
    let handedness: 'Left' | 'Right' | undefined;
    if (values.hand !== undefined) {
      const h = values.hand.toLowerCase();
      if (h !== 'left' && h !== 'right') throw new UserError(`--hand: expected left or right, found '${values.hand}'`);
      handedness = h === 'left' ? 'Left' : 'Right';
    }

    let result;
    try {
      result = synthesizeFingerspelling(positionals[0], { fps, seed, handedness, practice: values.practice });
    } catch (err) {
      if (err instanceof SynthTextError) throw new UserError(err.message);
      throw err;
    }
    const { session } = result;
    const out = resolve(io.cwd, values.out);
    try {
      writeFileSync(out, serializeSession(session).join('\n') + '\n');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new UserError(`--out: cannot write ${out} (${code})`);
    }
    const noHand = session.frames.filter((f) => f.hands.length === 0).length;
    const last = session.frames[session.frames.length - 1];
    io.stdout(
      `wrote ${values.out}: ${session.frames.length} frames (${noHand} without a hand), ` +
        `${session.labels.length} labels, ${(last.t / 1000).toFixed(2)} s, ${result.signer.handedness} hand\n`,
    );
    return 0;
  },
};
