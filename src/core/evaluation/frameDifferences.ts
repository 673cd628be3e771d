import { argmax } from '../pipeline/backendReply';

/** What a frame difference needs of a frame's results (a FrameResult has it). */
export interface ComparedFrame {
  smoothed: ArrayLike<number> | null;
  sent: boolean;
  response: { maxarg_letter: string } | null;
}

/** Bits of a frame difference: the top-1 predictions differ / the sent replies differ. */
export const DIFF_TOP1 = 1;
export const DIFF_SENT = 2;

/**
 * How two models' results of one frame differ, as DIFF_* bits. The top-1 prediction is the smoothed
 * distribution's argmax label (none before the smoothing buffer fills); the sent reply is the reply's
 * `maxarg_letter` where throttling let it out (none elsewhere). Labels are compared by name, so models
 * with different label sets compare too; a reply's probability is left out, as two models never agree on it.
 */
export function frameDifference(a: ComparedFrame, labelsA: readonly string[], b: ComparedFrame, labelsB: readonly string[]): number {
  const top = (f: ComparedFrame, labels: readonly string[]) => (f.smoothed ? labels[argmax(f.smoothed)] ?? null : null);
  const sent = (f: ComparedFrame) => (f.sent && f.response ? f.response.maxarg_letter : null);
  return (top(a, labelsA) !== top(b, labelsB) ? DIFF_TOP1 : 0) | (sent(a) !== sent(b) ? DIFF_SENT : 0);
}
