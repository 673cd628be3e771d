import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  clearNotifications,
  errorLines,
  extension,
  extensionExports,
  extensionHostErrors,
  extensionLogText,
  hostName,
  screenshot,
  waitFor,
} from '../util';

const commands = [
  'landmarkLens.replaySession',
  'landmarkLens.replaySample',
  'landmarkLens.openLivePanel',
  'landmarkLens.selectModel',
];

suite(`activation (${hostName()})`, () => {
  test('the extension is loaded from this repository', () => {
    const ext = extension();
    assert.equal(ext.packageJSON.name, 'landmark-lens');
    assert.equal(ext.packageJSON.main, './dist/extension.js');
  });

  test('activates without throwing', async () => {
    await extensionExports();
    assert.equal(extension().isActive, true);
  });

  test('registers the four commands', async () => {
    await extensionExports();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = commands.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
  });

  test('contributes the four commands and registers every command it contributes', async () => {
    const contributed = (extension().packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.deepEqual(commands.filter((c) => !contributed.includes(c)), [], 'commands missing from package.json');
    await extensionExports();
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), [], 'contributed but not registered');
  });

  test('its log says it activated and has no errors', async () => {
    await extensionExports();
    const log = await waitFor(
      () => (extensionLogText().includes('Landmark Lens activated') ? extensionLogText() : ''),
      15_000,
      'the "Landmark Lens activated" line in the extension log',
    );
    assert.deepEqual(errorLines(log), []);
    assert.deepEqual(extensionHostErrors(), []);
  });

  test('screenshot() saves the workbench as a PNG under test-results (or says this host cannot)', async () => {
    await clearNotifications();
    const file = await screenshot('activation-workbench');
    if (hostName() === 'test-electron') {
      assert.equal(file, undefined);
      return;
    }
    assert.ok(file, 'screenshot() returned no path');
    assert.equal(path.basename(path.dirname(file)), 'integration');
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'not a PNG');
    assert.ok(bytes.length > 10_000, `a ${bytes.length}-byte PNG is too small to be the workbench`);
  });
});
