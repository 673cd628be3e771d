// Writes the sample sessions in samples/ with the built synthesizer. Deterministic: run it again and
// the files do not change.   node esbuild.mjs && node models/training/make_samples.mjs
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(repo, 'bin', 'landmark-lens.js');

// Seeds outside every seed range used to train the demo model (see train.py); the pangram's seed is
// the one the model card's CER is measured on.
const samples = [
  { file: 'hello-world.landmarks.jsonl', text: 'HELLO WORLD', args: ['--seed', '20251', '--hand', 'right'] },
  { file: 'pangram.landmarks.jsonl', text: 'THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG', args: ['--seed', '777001'] },
  // Practice mode: the app sets each target letter, then the learner signs it (target lines).
  { file: 'practice-targets.landmarks.jsonl', text: 'BCA', args: ['--seed', '31337', '--practice', '--hand', 'right'] },
];

for (const s of samples) {
  const out = join(repo, 'samples', s.file);
  const r = spawnSync(process.execPath, [cli, 'synth', s.text, '--out', out, '--force', ...s.args], { encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(`make_samples: ${s.file}: ${r.stderr || r.stdout}`);
    process.exit(1);
  }
  process.stdout.write(r.stdout);
}
