import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameProblems } from '../../../src/webview/frameProblems';
import type { ResultsMessage } from '../../../src/protocol/messages';

/** A final results message of frames [start, start + count) with problems at `frames` (only the fields FrameProblems reads). */
function results(start: number, count: number, frames: number[], provisional = false): ResultsMessage {
  return { start, count, provisional, problems: frames.map((frame) => ({ frame, message: `bad ${frame}` })) } as unknown as ResultsMessage;
}

test('frame problems arrive in any order, are listed lowest first, and a range sent again replaces its frames', () => {
  const problems = new FrameProblems();
  assert.equal(problems.addResults(results(512, 256, [700, 530])), true);
  assert.equal(problems.addResults(results(0, 256, [40])), true);
  assert.equal(problems.addResults(results(256, 256, [])), false, 'a range without problems changes nothing');
  assert.equal(problems.addResults(results(0, 256, [41], true)), false, 'provisional results carry no problems');
  assert.equal(problems.count, 3);
  assert.deepEqual(problems.first(2, 's.jsonl'), [
    { file: 's.jsonl', frame: 40, message: 'frame 40: bad 40' },
    { file: 's.jsonl', frame: 530, message: 'frame 530: bad 530' },
  ]);
  // The results of 512..767 again (a reloaded webview, another chunking): 700 is no longer a problem.
  assert.equal(problems.addResults(results(512, 256, [530])), true);
  assert.deepEqual(problems.first(20, 's.jsonl').map((p) => p.frame), [40, 530]);
  problems.clear();
  assert.equal(problems.count, 0);
});

test('a live store dropping its oldest frames drops their problems too, and counts them', () => {
  const problems = new FrameProblems();
  problems.addResults(results(0, 100, [3, 10, 50, 90]));
  assert.equal(problems.dropBefore(0), false, 'nothing before frame 0');
  assert.equal(problems.dropBefore(11), true);
  assert.equal(problems.count, 2);
  assert.equal(problems.dropped, 2);
  assert.equal(problems.dropBefore(11), false, 'dropped once');
  problems.addResults(results(100, 100, [150]));
  problems.dropBefore(91);
  assert.deepEqual(problems.first(20, 's.jsonl', 'other.onnx'), [{ file: 's.jsonl', frame: 150, message: 'frame 150 (other.onnx): bad 150' }]);
  assert.equal(problems.dropped, 4);
  problems.clear();
  assert.equal(problems.dropped, 0, 'a new session starts the count again');
});
