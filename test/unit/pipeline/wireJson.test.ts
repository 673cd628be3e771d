import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatWireError, formatWireReply } from '../../../src/core/pipeline/wireJson';

// Expected strings are what Python's json.dumps writes for the same dicts.
test('replies are written as json.dumps writes them', () => {
  assert.equal(formatWireReply({ maxarg_letter: 'B', target_arg_prob: 0.8312 }), '{"maxarg_letter": "B", "target_arg_prob": 0.8312}');
  assert.equal(formatWireReply({ maxarg_letter: 'A', target_arg_prob: 0 }), '{"maxarg_letter": "A", "target_arg_prob": 0.0}');
  assert.equal(formatWireReply({ maxarg_letter: 'SPACE', target_arg_prob: 1 }), '{"maxarg_letter": "SPACE", "target_arg_prob": 1.0}');
  assert.equal(formatWireReply({ maxarg_letter: 'Z', target_arg_prob: 0.0001 }), '{"maxarg_letter": "Z", "target_arg_prob": 0.0001}');
  assert.deepEqual(JSON.parse(formatWireReply({ maxarg_letter: 'C', target_arg_prob: 0.05 })), { maxarg_letter: 'C', target_arg_prob: 0.05 });
});

test('errors escape quotes and non-ASCII as json.dumps does', () => {
  assert.equal(formatWireError('bad "x" – here'), '{"error": "bad \\"x\\" \\u2013 here"}');
});
