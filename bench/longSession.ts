// A synthesized fingerspelling session of an exact length, for the benchmarks (5 and 60 minutes at 30 fps).
import type { Session } from '../src/core/session/types';
import { synthesizeFingerspelling } from '../src/core/synth/synthesizeSession';

const SENTENCES = [
  'THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG',
  'PACK MY BOX WITH FIVE DOZEN LIQUOR JUGS',
  'HOW VEXINGLY QUICK DAFT ZEBRAS JUMP',
  'SPHINX OF BLACK QUARTZ JUDGE MY VOW',
];
/** The synthesizer averages about 23 frames a character at 30 fps; this leaves a margin. */
const FRAMES_PER_CHARACTER_LOW = 15;

/** Exactly `frames` frames of the synthesizer (the text is pangrams repeated), cut where needed. */
export function longSession(frames: number, seed = 8): Session {
  let text = '';
  for (let k = 0; text.length * FRAMES_PER_CHARACTER_LOW < frames; k++) text += (k ? ' ' : '') + SENTENCES[k % SENTENCES.length];
  const { session } = synthesizeFingerspelling(text, { seed, fps: 30 });
  if (session.frames.length < frames) throw new Error(`the synthesizer made ${session.frames.length} frames, fewer than ${frames}`);
  const end = session.frames[frames - 1].t;
  return {
    ...session,
    frames: session.frames.slice(0, frames),
    targets: session.targets.filter((t) => t.beforeFrame < frames),
    labels: session.labels.filter((l) => l.t0 <= end),
  };
}
