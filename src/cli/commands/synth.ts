import { resolve } from 'node:path';
import type { CliCommand } from '../command';
import { UserError } from '../command';
import { SESSION_OUT_OPTIONS, handOption, numberOption, parseCommandArgs, requiredOut } from '../args';
import { writeNewFile } from '../writeNewFile';
import { serializeSession } from '../../core/session/sessionLines';
import { synthesizeFingerspelling } from '../../core/synth/synthesizeSession';
import { SynthTextError } from '../../core/synth/fingerspellingText';

export const synthCommand: CliCommand = {
  name: 'synth',
  usage: 'synth "<text>" --out <file.landmarks.jsonl> [--fps 30] [--seed N] [--hand left|right] [--practice] [--force]',
  summary: "a fingerspelled session from the synthesizer (A-Z, space = SPACE, '<' = DELETE), with ground-truth labels",
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      { ...SESSION_OUT_OPTIONS, fps: { type: 'string' }, seed: { type: 'string' }, practice: { type: 'boolean' } },
      this.usage,
    );
    if (positionals.length !== 1) {
      throw new UserError(`expected one quoted text to fingerspell, found ${positionals.length} arguments; usage: ${this.usage}`);
    }
    const shownOut = requiredOut(values.out, this.usage);
    const fps = numberOption('fps', values.fps, { above: 0, max: 240 }, 'a frame rate in (0, 240]');
    const seed = numberOption('seed', values.seed, { min: 0, max: 0xffffffff, integer: true }, 'an integer 0..4294967295');
    const hand = handOption(values.hand);
    const handedness = hand === undefined ? undefined : hand === 'left' ? 'Left' : 'Right';

    let result;
    try {
      result = synthesizeFingerspelling(positionals[0], { fps, seed, handedness, practice: values.practice });
    } catch (err) {
      if (err instanceof SynthTextError) throw new UserError(err.message);
      throw err;
    }
    const { session } = result;
    const out = resolve(io.cwd, shownOut);
    await writeNewFile(out, serializeSession(session), values.force === true);
    const noHand = session.frames.filter((f) => f.hands.length === 0).length;
    const last = session.frames[session.frames.length - 1];
    io.stdout(
      `wrote ${shownOut}: ${session.frames.length} frames (${noHand} without a hand), ` +
        `${session.labels.length} labels, ${(last.t / 1000).toFixed(2)} s, ${result.signer.handedness} hand\n`,
    );
    return 0;
  },
};
