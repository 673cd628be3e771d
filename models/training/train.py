#!/usr/bin/python3
"""Trains Landmark Lens's demo model on synthesized fingerspelling and writes everything it ships.

Run from the repository root after `node esbuild.mjs`, with Debian's Python (it has torch and onnx):

    /usr/bin/python3 models/training/train.py            # full run, about 10-15 minutes on 2 cores
    /usr/bin/python3 models/training/train.py --quick    # a smoke run; writes to a scratch folder only

Writes models/demo.onnx, models/demo.onnx.profile.json, models/training/demo-golden.json (windows and
the PyTorch logits for the cross-implementation test) and models/README.md (the model card). Every
figure in the card is computed here.

The windows are built exactly as the reference backend builds them: frames without a hand are
skipped, the last 32 hand frames form a window, each frame is made wrist-relative and divided by its
largest absolute value, and flattened to 63 values. A window is labelled with the ground-truth label
span that contains its last frame, and NOTHING when no span does (rest, and the start of each movement
from one sign to the next).
"""
import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch
import torch.nn as nn

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
# Every figure of the model card, as measured by the last full run (so the card's wording can be
# changed without retraining: --card-only).
FACTS = os.path.join(REPO, 'models', 'training', 'demo-facts.json')
CLI = os.path.join(REPO, 'bin', 'landmark-lens.js')
LABELS = [chr(ord('A') + i) for i in range(26)] + ['SPACE', 'DELETE', 'NOTHING']
NOTHING = LABELS.index('NOTHING')
WINDOW = 32
SMOOTHING = 5
FEATURES = 63

# Seeds: training sessions use 10000+, validation 500000+, the card's pangram uses PANGRAM_SEED.
TRAIN_SEED_BASE = 10_000
VALIDATION_SEED_BASE = 500_000
PANGRAM_SEED = 777_001
PANGRAM = 'THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG'

WORDS = (
    'HELLO WORLD THANK YOU PLEASE SORRY YES NO GOOD MORNING NIGHT NAME WHAT WHERE WHEN WHY HOW FRIEND FAMILY '
    'MOTHER FATHER SISTER BROTHER SCHOOL WORK HOME WATER FOOD COFFEE BOOK APPLE HAPPY HELP LEARN SIGN HAND '
    'LETTER SPELL QUIZ JAZZ ZERO JUMP KIWI VIEW BOX FIX QUEEN PIZZA JELLY FUZZY ZIGZAG OXYGEN RHYTHM LLAMA '
    'BALLOON COOKIE MISSISSIPPI GRASS TREE SUMMER WINTER MUSIC DANCE CODE MODEL DEBUG VECTOR TENSOR'
).split()


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--sessions', type=int, default=520, help='training sessions to synthesize')
    p.add_argument('--validation', type=int, default=60, help='held-out sessions')
    p.add_argument('--hidden', type=int, default=64)
    p.add_argument('--epochs', type=int, default=8)
    p.add_argument('--windows-per-epoch', type=int, default=50_000)
    p.add_argument('--minutes', type=float, default=12.0, help='training time budget (stops early)')
    # One thread by default: on a shared 2-core machine two OpenMP threads spin against other work and
    # a training step took 15-20 s instead of under 1 s (measured here).
    p.add_argument('--threads', type=int, default=1, help='torch threads (at most 2 on this machine)')
    p.add_argument('--quick', action='store_true', help='tiny run into a scratch folder, for checking the script')
    p.add_argument('--card-only', action='store_true',
                   help='rewrite models/README.md from the figures the last run saved (models/training/demo-facts.json)')
    p.add_argument('--out', default=None, help='output folder (default: models/, or a scratch folder with --quick)')
    return p.parse_args()


# ---------------------------------------------------------------- data

def random_text(rng):
    parts = []
    for _ in range(rng.randint(1, 3)):
        if rng.random() < 0.5:
            parts.append(rng.choice(WORDS))
        else:
            parts.append(''.join(rng.choice(LABELS[:26]) for _ in range(rng.randint(2, 6))))
    text = ' '.join(parts)
    if rng.random() < 0.35:
        # A correction: a wrong letter, DELETE ('<'), then the text goes on.
        at = rng.randint(1, len(text))
        text = text[:at] + rng.choice(LABELS[:26]) + '<' + text[at:]
    return text


def synthesize(text, seed, path):
    # dist/ is shared with concurrent builds: a run that meets a half-written bundle is retried.
    for attempt in range(6):
        result = subprocess.run(['node', CLI, 'synth', text, '--out', path, '--seed', str(seed), '--force'],
                                capture_output=True, text=True)
        if result.returncode == 0:
            return path
        if result.returncode == 2 and 'landmark-lens synth:' in result.stderr:
            break
        time.sleep(2 + attempt)
    raise SystemExit(f'synth failed for {text!r} seed {seed}: {result.stderr.strip()}')


def read_session(path):
    """Hand frames (n, 21, 3), their times (ms) and label spans [(t0, t1, class)]."""
    points, times, spans = [], [], []
    with open(path) as f:
        for line in f:
            rec = json.loads(line)
            kind = rec.get('type')
            if kind == 'frame' and rec['hands']:
                points.append(rec['hands'][0]['landmarks'])
                times.append(rec['t'])
            elif kind == 'label':
                spans.append((rec['t0'], rec['t1'], LABELS.index(rec['text'])))
    return np.asarray(points, dtype=np.float64), np.asarray(times), spans


def normalize_frames(points):
    """Backend normalization per frame: wrist-relative, then divided by the largest |value| if > 0."""
    rel = points - points[:, :1, :]
    flat = rel.reshape(len(points), FEATURES)
    peak = np.abs(flat).max(axis=1, keepdims=True)
    flat = np.where(peak > 0, flat / np.where(peak > 0, peak, 1), flat)
    return flat.astype(np.float32)


def frame_labels(times, spans):
    labels = np.full(len(times), NOTHING, dtype=np.int64)
    for t0, t1, cls in spans:
        labels[(times >= t0) & (times <= t1)] = cls
    return labels


def make_corpus(specs, workdir):
    """specs: [(text, seed)]. Returns normalized frames of all sessions, window ends and window labels."""
    paths = [os.path.join(workdir, f's{seed}.landmarks.jsonl') for _, seed in specs]
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda a: synthesize(*a), [(t, s, p) for (t, s), p in zip(specs, paths)]))
    frames, ends, labels, sessions = [], [], [], []
    offset = 0
    for (text, seed), path in zip(specs, paths):
        pts, times, spans = read_session(path)
        norm = normalize_frames(pts)
        lab = frame_labels(times, spans)
        n = len(norm)
        if n >= WINDOW:
            idx = np.arange(WINDOW - 1, n)
            ends.append(offset + idx)
            labels.append(lab[idx])
        frames.append(norm)
        sessions.append({'text': text, 'seed': seed, 'start': offset, 'count': n})
        offset += n
    return {
        'frames': np.concatenate(frames),
        'ends': np.concatenate(ends),
        'labels': np.concatenate(labels),
        'sessions': sessions,
    }


def batch_windows(frames, ends):
    idx = ends[:, None] + np.arange(-(WINDOW - 1), 1)[None, :]
    return torch.from_numpy(frames[idx])


# ---------------------------------------------------------------- model

class FingerspellingLSTM(nn.Module):
    """The backend model's shape: 2-layer bidirectional LSTM, LayerNorm + Linear over the two final states."""

    def __init__(self, hidden):
        super().__init__()
        self.lstm = nn.LSTM(FEATURES, hidden, num_layers=2, batch_first=True, bidirectional=True)
        self.norm = nn.LayerNorm(2 * hidden)
        self.head = nn.Linear(2 * hidden, len(LABELS))

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        last = torch.cat([h[-2], h[-1]], dim=1)
        return self.head(self.norm(last))


def predict(model, frames, ends, batch=2048):
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(ends), batch):
            out.append(model(batch_windows(frames, ends[i:i + batch])))
    return torch.cat(out).numpy() if out else np.zeros((0, len(LABELS)), np.float32)


# ---------------------------------------------------------------- decoding, as the TypeScript pipeline does

def softmax(logits):
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def smoothed_stream(logits):
    """5-mean of the softmaxed window distributions, from the first full smoothing buffer on."""
    buf = deque(maxlen=SMOOTHING)
    out = []
    for p in softmax(logits.astype(np.float64)):
        buf.append(p)
        if len(buf) == SMOOTHING:
            out.append(np.mean(buf, axis=0))
    return out


def decode(smoothed, hold_frames, min_prob):
    """Same rules as src/core/pipeline/transcriptDecoder.ts."""
    text = ''
    candidate, held = None, 0
    for p in smoothed:
        best = int(np.argmax(p))
        if p[best] < min_prob:
            candidate, held = None, 0
            continue
        if best != candidate:
            candidate, held = best, 0
        held += 1
        if held != hold_frames:
            continue
        label = LABELS[best]
        if label == 'SPACE':
            text += ' '
        elif label == 'DELETE':
            text = text[:-1]
        elif label != 'NOTHING':
            text += label
    return text


def expected_transcript(text):
    out = ''
    for c in text:
        out = out[:-1] if c == '<' else out + c
    return out


def levenshtein(a, b):
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[len(b)]


def cer(decoded, truth):
    return levenshtein(decoded, truth) / max(1, len(truth))


def session_streams(model, corpus):
    streams = []
    for s in corpus['sessions']:
        ends = np.arange(s['start'] + WINDOW - 1, s['start'] + s['count'])
        streams.append(smoothed_stream(predict(model, corpus['frames'], ends)))
    return streams


# ---------------------------------------------------------------- main

def main():
    args = parse_args()
    if args.card_only:
        with open(FACTS) as f:
            facts = json.load(f)
        with open(os.path.join(REPO, 'models', 'README.md'), 'w') as f:
            f.write(model_card(facts))
        print('rewrote models/README.md from', os.path.relpath(FACTS, REPO))
        return
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(7)
    rng = random.Random(7)
    if args.quick:
        args.sessions, args.validation, args.epochs, args.windows_per_epoch = 24, 6, 1, 2000
    out_dir = args.out or (tempfile.mkdtemp(prefix='demo-model-') if args.quick else os.path.join(REPO, 'models'))
    os.makedirs(out_dir, exist_ok=True)
    if not os.path.exists(os.path.join(REPO, 'dist', 'cli.js')):
        raise SystemExit('dist/cli.js is missing: run `node esbuild.mjs` first')

    started = time.time()
    workdir = tempfile.mkdtemp(prefix='synth-corpus-')
    try:
        train_specs = [(random_text(rng), TRAIN_SEED_BASE + i) for i in range(args.sessions)]
        val_specs = [(random_text(rng), VALIDATION_SEED_BASE + i) for i in range(args.validation)]
        assert PANGRAM_SEED not in {s for _, s in train_specs + val_specs}
        print(f'synthesizing {len(train_specs)} training and {len(val_specs)} held-out sessions...', flush=True)
        train = make_corpus(train_specs, workdir)
        val = make_corpus(val_specs, workdir)
        pangram = make_corpus([(PANGRAM, PANGRAM_SEED)], workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    synth_seconds = time.time() - started
    counts = np.bincount(train['labels'], minlength=len(LABELS))
    print(f'{len(train["labels"])} training windows, {len(val["labels"])} held-out windows '
          f'({synth_seconds:.0f} s); NOTHING share {counts[NOTHING] / counts.sum():.1%}', flush=True)

    model = FingerspellingLSTM(args.hidden)
    params = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    total_steps = args.epochs * math.ceil(args.windows_per_epoch / 256)
    budget = args.minutes * 60

    def learning_rate(step, elapsed):
        # Warm up, then a cosine decay over whichever runs out first: the steps or the time budget (the
        # machine is shared, so the step rate is not known in advance).
        progress = max(step / total_steps, elapsed / budget)
        if progress < 0.05:
            return 3e-3 * (0.1 + 0.9 * progress / 0.05)
        return 3e-3 * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * min(1.0, (progress - 0.05) / 0.95))))
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.05)
    val_sample = np.random.default_rng(1).permutation(len(val['ends']))[:8000]
    best = (-1.0, None)
    train_started = time.time()
    epochs_run = 0
    np_rng = np.random.default_rng(3)
    step = 0
    out_of_time = False
    for epoch in range(args.epochs):
        model.train()
        order = np_rng.permutation(len(train['ends']))[:args.windows_per_epoch]
        total, seen = 0.0, 0
        for i in range(0, len(order), 256):
            sel = order[i:i + 256]
            x = batch_windows(train['frames'], train['ends'][sel])
            y = torch.from_numpy(train['labels'][sel])
            elapsed = time.time() - train_started
            if elapsed > budget:
                out_of_time = True
                break
            for group in optimizer.param_groups:
                group['lr'] = learning_rate(step, elapsed)
            loss = loss_fn(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            step += 1
            total += loss.item() * len(sel)
            seen += len(sel)
        epochs_run += seen / len(order)
        acc = float((predict(model, val['frames'], val['ends'][val_sample]).argmax(1) == val['labels'][val_sample]).mean())
        if acc > best[0]:
            best = (acc, {k: v.clone() for k, v in model.state_dict().items()})
        elapsed = time.time() - train_started
        print(f'epoch {epoch + 1}: loss {total / max(1, seen):.4f}, held-out window accuracy {acc:.4f}, '
              f'{elapsed:.0f} s, {step} steps', flush=True)
        if out_of_time:
            print('time budget reached', flush=True)
            break
    train_seconds = time.time() - train_started
    model.load_state_dict(best[1])

    # Held-out figures, on every window of the held-out sessions.
    val_pred = predict(model, val['frames'], val['ends']).argmax(1)
    window_accuracy = float((val_pred == val['labels']).mean())
    on_sign = val['labels'] != NOTHING
    sign_accuracy = float((val_pred[on_sign] == val['labels'][on_sign]).mean())
    nothing_accuracy = float((val_pred[~on_sign] == NOTHING).mean())
    per_class = {}
    for c, name in enumerate(LABELS):
        mask = val['labels'] == c
        if mask.any():
            per_class[name] = (float((val_pred[mask] == c).mean()), int(mask.sum()))

    # Decoder settings: chosen on the held-out sessions (never on the pangram).
    val_streams = session_streams(model, val)
    truths = [expected_transcript(s['text']) for s in val['sessions']]
    grid = []
    for hold in range(3, 11):
        for min_prob in (0.4, 0.5, 0.6, 0.7, 0.8):
            mean_cer = float(np.mean([cer(decode(st, hold, min_prob), tr) for st, tr in zip(val_streams, truths)]))
            grid.append((mean_cer, abs(hold - 8) + abs(min_prob - 0.6) * 10, hold, min_prob))
    grid.sort()
    val_cer, _, hold_frames, min_prob = grid[0]
    worst_cer = max(cer(decode(st, hold_frames, min_prob), tr) for st, tr in zip(val_streams, truths))
    default_cer = next(g[0] for g in grid if g[2] == 8 and g[3] == 0.6)

    pangram_stream = session_streams(model, pangram)[0]
    pangram_text = decode(pangram_stream, hold_frames, min_prob)
    pangram_cer = cer(pangram_text, PANGRAM)
    print(f'held-out window accuracy {window_accuracy:.4f}; held-out CER {val_cer:.4f} '
          f'(holdFrames {hold_frames}, minProb {min_prob}); pangram CER {pangram_cer:.4f}: {pangram_text!r}', flush=True)

    onnx_path = os.path.join(out_dir, 'demo.onnx')
    export(model, onnx_path)
    profile = {
        'labels': LABELS,
        'windowSize': WINDOW,
        'smoothingWindow': SMOOTHING,
        'normalization': 'wrist-maxabs',
        'softmax': 'always',
        'inputLayout': 'flat',
        'inputName': 'input',
        'outputName': 'logits',
        'decoder': {'holdFrames': hold_frames, 'minProb': min_prob},
    }
    with open(os.path.join(out_dir, 'demo.onnx.profile.json'), 'w') as f:
        json.dump(profile, f, indent=2)
        f.write('\n')
    golden_path = os.path.join(out_dir if args.quick else os.path.join(REPO, 'models', 'training'), 'demo-golden.json')
    write_golden(model, pangram, golden_path)

    facts = {
        'sessions': len(train_specs), 'validation': len(val_specs), 'train_windows': int(len(train['labels'])),
        'val_windows': int(len(val['labels'])), 'nothing_share': float(counts[NOTHING] / counts.sum()),
        'hidden': args.hidden, 'params': params, 'epochs': epochs_run, 'windows_per_epoch': args.windows_per_epoch,
        'train_minutes': train_seconds / 60, 'synth_minutes': synth_seconds / 60, 'window_accuracy': window_accuracy,
        'per_class': per_class, 'sign_accuracy': sign_accuracy, 'nothing_accuracy': nothing_accuracy,
        'worst_cer': worst_cer, 'pangram_seed': PANGRAM_SEED, 'val_cer': val_cer, 'default_cer': default_cer, 'hold_frames': hold_frames,
        'min_prob': min_prob, 'pangram_text': pangram_text, 'pangram_cer': pangram_cer,
        'onnx_bytes': os.path.getsize(onnx_path), 'torch': torch.__version__, 'threads': args.threads,
    }
    with open(os.path.join(out_dir, 'demo-facts.json') if args.quick else FACTS, 'w') as f:
        json.dump(facts, f, indent=1)
        f.write('\n')
    with open(os.path.join(out_dir, 'README.md'), 'w') as f:
        f.write(model_card(facts))
    print(f'wrote {onnx_path} ({facts["onnx_bytes"]} bytes), its profile, {golden_path} and the model card '
          f'in {(time.time() - started) / 60:.1f} min', flush=True)


def export(model, path):
    import onnx
    model.eval()
    dummy = torch.zeros(1, WINDOW, FEATURES)
    torch.onnx.export(model, dummy, path, input_names=['input'], output_names=['logits'],
                      dynamic_axes={'input': {0: 'batch', 1: 'sequence'}, 'logits': {0: 'batch'}},
                      opset_version=13, do_constant_folding=True)
    proto = onnx.load(path)
    onnx.checker.check_model(proto)
    proto.producer_name = 'landmark-lens models/training/train.py'
    onnx.save(proto, path)


def write_golden(model, corpus, path):
    """A few pangram windows with PyTorch's logits: onnxruntime-node must reproduce them."""
    ends = corpus['ends'][[0, len(corpus['ends']) // 3, 2 * len(corpus['ends']) // 3]]
    x = batch_windows(corpus['frames'], ends)
    with torch.no_grad():
        logits = model(x).numpy()
    golden = {
        'model': 'models/demo.onnx',
        'session': {'text': PANGRAM, 'seed': PANGRAM_SEED},
        'windowEndHandFrames': [int(e) for e in ends],
        'shape': [len(ends), WINDOW, FEATURES],
        'input': [float(v) for v in x.numpy().reshape(-1)],
        'logits': [[float(v) for v in row] for row in logits],
        'tolerance': 1e-4,
    }
    with open(path, 'w') as f:
        json.dump(golden, f)
        f.write('\n')


def model_card(k):
    worst = sorted(k['per_class'].items(), key=lambda kv: kv[1][0])[:5]
    per_class_rows = '\n'.join(f'| {name} | {acc:.3f} | {n} |' for name, (acc, n) in k['per_class'].items())
    return f"""# Landmark Lens demo model (`demo.onnx`)

This file was written by `models/training/train.py`; every figure below was computed by that run.
Regenerate with `node esbuild.mjs && /usr/bin/python3 models/training/train.py`.

**What it is:** a small fingerspelling classifier trained only on hand landmarks made by Landmark
Lens's own synthesizer (`src/core/synth`, `landmark-lens synth`). It exists so that the extension,
the CLI, the tests and the benchmarks do something meaningful with no model configured.

**What it is not:** a real recognizer. It has never seen a real hand. Expect it to do poorly on real
MediaPipe recordings and on real signers; use your own model for that (`landmarkLens.modelPath`).

## Signature

The reference backend's model shape: input `input` `[batch, sequence, 63]` float32 (dynamic batch and
sequence; trained with sequence 32), output `logits` `[batch, 29]` (A-Z, SPACE, DELETE, NOTHING);
2-layer bidirectional LSTM, hidden size {k['hidden']}, LayerNorm then Linear over the two final hidden
states; {k['params']:,} parameters, {k['onnx_bytes']:,} bytes. The sidecar `demo.onnx.profile.json`
gives the labels, the backend's pipeline numbers and the decoder settings chosen below.

## Data

- {k['sessions']} training sessions and {k['validation']} held-out sessions synthesized at 30 fps by
  `landmark-lens synth`, each from its own seed (training seeds {TRAIN_SEED_BASE}+, held-out seeds
  {VALIDATION_SEED_BASE}+), so every session has its own signer: hand size and proportions, handedness
  (about 1 in 4 left), speed, pose habits, camera distance and angle, tremor, landmark jitter, dropped
  detections.
- Texts: one to three words, each a common word or random letters, with a corrected typo (a wrong
  letter, then DELETE) in about a third of them.
- Windows built exactly as the backend does (hand frames only, last 32, wrist-relative max-abs
  normalization, 63 values per frame), labelled by the ground-truth span at the window's last frame,
  NOTHING outside spans (a span starts halfway through the movement into a sign):
  {k['train_windows']:,} training windows ({k['nothing_share']:.1%} NOTHING), {k['val_windows']:,} held-out windows.

## Training

PyTorch {k['torch']} on CPU ({k['threads']} thread{'s' if k['threads'] != 1 else ''}): AdamW, learning rate warmed
up to 3e-3 then cosine-decayed over the step or time budget, batch 256, label smoothing 0.05,
{k['epochs']:.1f} epochs of {k['windows_per_epoch']:,} randomly drawn windows: {k['train_minutes']:.1f} min of training
after {k['synth_minutes']:.1f} min of synthesis. The epoch with the best held-out window accuracy (on a
sample of 8,000 windows) was kept.

## Results (held-out synthesized sessions)

- Window accuracy over every window of the held-out sessions: **{k['window_accuracy']:.3f}**
  ({k['sign_accuracy']:.3f} on windows ending inside a sign's label span, {k['nothing_accuracy']:.3f} on
  windows ending outside one, which should say NOTHING). Lowest per class:
  {', '.join(f'{n} ({a:.2f})' for n, (a, _) in worst)}.
- Decoder settings, chosen on the held-out sessions (grid over holdFrames 3-10 and minProb 0.4-0.8):
  holdFrames **{k['hold_frames']}**, minProb **{k['min_prob']}**. Character error rate of the held-out
  transcripts: mean **{k['val_cer']:.3f}**, worst session {k['worst_cer']:.3f} (with the backend's
  defaults 8 and 0.6: mean {k['default_cer']:.3f}).
- The pangram "{PANGRAM}", synthesized with seed {k['pangram_seed']} (used by
  no training or held-out session; it is `samples/pangram.landmarks.jsonl`), through the default
  pipeline (32-frame windows, softmax, 5-mean smoothing) and this decoder: decoded as
  "{k['pangram_text']}", **CER {k['pangram_cer']:.3f}**.
- `test/unit/synth/demo-cer.test.ts` checks that the TypeScript pipeline with onnxruntime-node decodes
  the same transcript, and that onnxruntime-node reproduces the PyTorch logits stored in
  `models/training/demo-golden.json`.

Per class window accuracy on the held-out sessions:

| class | accuracy | windows |
|---|---|---|
{per_class_rows}

## Known weaknesses

- J starts from I's handshape, so an I is sometimes emitted just before a J. Z starts from a pointing
  index and can be confused with D in the same way.
- Transitions are the hardest windows: the model has to guess the next sign from half a movement.
- The synthesized signing is slow and clean compared with fluent signers (holds of 0.4-0.8 s).

## Good for / not good for

Good for: first-run demos, screenshots, tests and benchmarks of Landmark Lens, seeing what the
pipeline's buffering, smoothing, throttling and decoding do to a clean signal.

Not good for: recognizing real signers, judging a real model's accuracy, or any user-facing use.
The synthetic hands are kinematic approximations of the ASL manual alphabet; real hands, real camera
noise and real MediaPipe errors are not in its training data.
"""


if __name__ == '__main__':
    main()
