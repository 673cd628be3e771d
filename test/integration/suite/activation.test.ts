import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extension, extensionExports, extensionHostErrors, extensionLogText, errorLines, waitFor, hostName } from '../util';

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
});
