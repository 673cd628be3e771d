// The first-run walkthrough: every step names commands, settings and pages that exist, and the check itself
// catches each kind of mistake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { walkthroughProblems } from './walkthroughProblems';

const ROOT = process.cwd();
const manifest = () => JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

test('package.json walkthrough: pick a model, replay the sample, connect your app, with nothing dangling', () => {
  const pkg = manifest();
  assert.deepEqual(walkthroughProblems(pkg, ROOT), []);
  const steps = pkg.contributes.walkthroughs[0].steps.map((s: { title: string }) => s.title);
  assert.deepEqual(steps, ['Pick a model', 'Replay the sample', 'Connect your app']);
});

test('each step links to its command and completes when it runs', () => {
  const steps: { description: string; completionEvents: string[] }[] = manifest().contributes.walkthroughs[0].steps;
  const expected = ['landmarkLens.selectModel', 'landmarkLens.replaySample', 'landmarkLens.openLivePanel'];
  steps.forEach((step, i) => {
    assert.match(step.description, new RegExp(`\\(command:${expected[i].replace('.', '\\.')}[?)]`));
    assert.ok(step.completionEvents.includes(`onCommand:${expected[i]}`), JSON.stringify(step.completionEvents));
  });
});

test('the check names a missing command, page, sample, setting and an unknown event', () => {
  const pkg = manifest();
  const [pick, replay, connect] = pkg.contributes.walkthroughs[0].steps;
  pick.description = '[Select](command:landmarkLens.pickModelTypo)';
  pick.completionEvents = ['onSettingChanged:landmarkLens.modelPathTypo'];
  replay.description = '[Replay](command:landmarkLens.replaySample?%5B%22no-such-sample%22%5D)';
  connect.media = { markdown: 'media/walkthrough/no-such-page.md' };
  connect.completionEvents = ['onCommand:landmarkLens.openLivePanel', 'whenever'];
  const problems = walkthroughProblems(pkg, ROOT);
  const expected = [
    /step pickModel: command link to landmarkLens\.pickModelTypo, which package\.json does not contribute/,
    /step pickModel: completion event onSettingChanged:landmarkLens\.modelPathTypo names a setting/,
    /step replaySample: replaySample names \["no-such-sample"\], not a file of samples\//,
    /step connectApp: media\.markdown media\/walkthrough\/no-such-page\.md does not exist/,
    /step connectApp: unknown completion event whenever/,
  ];
  for (const pattern of expected) assert.ok(problems.some((p) => pattern.test(p)), `${pattern} not in:\n${problems.join('\n')}`);
  assert.equal(problems.length, expected.length, problems.join('\n'));
});

test('a manifest without walkthroughs fails, and a removed command is named by link and by event', () => {
  assert.deepEqual(walkthroughProblems({ contributes: { commands: [] } }, ROOT), ['contributes.walkthroughs: none']);
  const pkg = manifest();
  pkg.contributes.commands = pkg.contributes.commands.filter((c: { command: string }) => c.command !== 'landmarkLens.selectModel');
  const problems = walkthroughProblems(pkg, ROOT);
  assert.ok(problems.some((p) => p.includes('step pickModel: command link to landmarkLens.selectModel')), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes('completion event onCommand:landmarkLens.selectModel')), problems.join('\n'));
});
