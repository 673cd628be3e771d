import { parseJsonLine } from './jsonWithNonFinite';
import { readFileLines, type LineSourceOptions } from './lineSource';
import { SessionError } from './sessionError';
import { assertText, openSessionFile } from './sessionFile';
import { checkSessionLine } from './sessionLineChecks';
import type { SessionHeader, SessionProblem, SessionRecord } from './types';

export type StreamSessionOptions = LineSourceOptions;

/** A last line the file ends in the middle of: a write cut short (a crash while recording). */
export const TORN_LAST_LINE = 'truncated JSON: the file ends in the middle of this line (was the recording cut short?)';

/** The header used for a file that has none. */
export function defaultHeader(): SessionHeader {
  return { type: 'header', format: 'landmark-session', version: 1 };
}

/**
 * The records of a `*.landmarks.jsonl` file in file order, read line by line in constant memory.
 * The first record is always the header (made up, with a note, when the file has no header line).
 * Invalid lines are yielded as `problem` records and reading goes on; whole-file problems (missing,
 * empty, binary) reject with a SessionError.
 */
export async function* streamSession(path: string, options: StreamSessionOptions = {}): AsyncGenerator<SessionRecord> {
  const { firstBytes } = await openSessionFile(path);
  assertText(path, firstBytes);

  let sawContent = false;
  let frameIndex = 0;
  let lastTime = -Infinity;
  let lastTimeLine = 0;
  const problem = (line: number, message: string, field?: string): SessionRecord => {
    const p: SessionProblem = { file: path, line, message };
    if (field !== undefined) p.field = field;
    return { kind: 'problem', problem: p };
  };

  for await (const source of readFileLines(path, options)) {
    const { line } = source;
    if (source.text === undefined) {
      if (!sawContent) {
        sawContent = true;
        yield { kind: 'header', header: defaultHeader(), line: 0 };
      }
      yield problem(line, source.error ?? 'unreadable line');
      continue;
    }
    if (source.text.trim() === '') continue;

    const parsed = parseJsonLine(source.text);
    const first = !sawContent;
    sawContent = true;
    if (!parsed.ok) {
      if (first) yield { kind: 'header', header: defaultHeader(), line: 0 };
      if (source.unterminated && /end of (JSON|data)|Unterminated|Expected/.test(parsed.message)) {
        // What the writer promises to leave after a crash: every line before it is whole, so it is a
        // warning (unless it was the only line).
        yield { kind: 'problem', problem: { file: path, line, message: TORN_LAST_LINE, ...(first ? {} : { warning: true }) } };
        continue;
      }
      yield problem(
        line,
        /end of (JSON|data)/.test(parsed.message)
            ? `truncated JSON: the line ends before the object is closed`
            : `invalid JSON (${parsed.message})`,
      );
      continue;
    }

    const checked = checkSessionLine(parsed.value);
    if (first && checked.kind !== 'header') {
      yield { kind: 'header', header: defaultHeader(), line: 0 };
      if (checked.kind !== 'invalid') {
        yield {
          kind: 'note',
          note: { file: path, line, message: 'no header line: the frame rate is unknown, times come from the frames' },
        };
      }
    }

    switch (checked.kind) {
      case 'invalid':
        yield problem(line, checked.message, checked.field);
        break;
      case 'header':
        if (first) yield { kind: 'header', header: checked.header, line };
        else yield problem(line, 'a header is only allowed as the first line', 'type');
        break;
      case 'label':
        yield { kind: 'label', label: { t0: checked.t0, t1: checked.t1, text: checked.text, line } };
        break;
      case 'reply':
        yield { kind: 'reply', reply: { t: checked.t, reply: checked.reply, afterFrame: frameIndex - 1, line } };
        break;
      case 'frame':
      case 'target':
        if (checked.t < lastTime) {
          yield problem(line, `time goes backwards: ${checked.t} ms is before ${lastTime} ms on line ${lastTimeLine}`, 't');
          break;
        }
        lastTime = checked.t;
        lastTimeLine = line;
        if (checked.kind === 'frame') {
          yield { kind: 'frame', frame: { index: frameIndex++, t: checked.t, hands: checked.hands, line } };
        } else {
          yield { kind: 'target', target: { t: checked.t, letter: checked.letter, beforeFrame: frameIndex, line } };
        }
        break;
    }
  }
  if (!sawContent) throw new SessionError('empty', path, 'the file holds only blank lines');
}
