#!/usr/bin/python3
"""Measures hands: real MediaPipe recordings against the synthesizer, with the same figures for both.

Run from the repository root after `node esbuild.mjs`, with Debian's Python (numpy):

    /usr/bin/python3 models/training/measure_hands.py [--synth 24]

Real data (never copied into the project): ../shared/data/real/pose/mediapipe*.pose (MediaPipe Holistic,
1250x1250 px, z unscaled as MediaPipe gives it) converted with `landmark-lens convert`, and
../shared/data/real/hands/asl_hand.full.json (MediaPipe Hands full model on a 620x1080 fingerspelling video,
x, y and z in pixels). Synthesized: `landmark-lens synth` sessions of random letters, 640x480 camera.

Every figure is taken in pixel-like units (x times the image width, y times its height, z times the width,
as MediaPipe scales z like x) and divided by the hand's size, the 3D distance from the wrist to the middle
finger's MCP, so hands of any size and distance compare:
- proportions: bone lengths (median over frames);
- joint angles: the bend between successive bones at each joint, degrees (p10 / p50 / p90 over frames);
- depth: the z range of the 21 points, and each fingertip's z relative to the wrist;
- jitter: the second difference of each point between consecutive frames (noise plus acceleration),
  median over points and frames, per axis.
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SHARED = os.path.abspath(os.path.join(REPO, '..', '..', 'shared', 'data', 'real'))
if not os.path.isdir(SHARED):
    SHARED = os.path.abspath(os.path.join(REPO, '..', 'shared', 'data', 'real'))
CLI = os.path.join(REPO, 'bin', 'landmark-lens.js')

FINGERS = {'thumb': [1, 2, 3, 4], 'index': [5, 6, 7, 8], 'middle': [9, 10, 11, 12], 'ring': [13, 14, 15, 16], 'pinky': [17, 18, 19, 20]}
TIPS = [4, 8, 12, 16, 20]


def read_jsonl_hands(path, width, height):
    """Runs of consecutive hand frames [(n, 21, 3) in pixel units]."""
    runs, run = [], []
    with open(path) as f:
        for line in f:
            rec = json.loads(line)
            if rec.get('type') != 'frame':
                continue
            if rec['hands']:
                run.append(rec['hands'][0]['landmarks'])
            elif run:
                runs.append(run)
                run = []
    if run:
        runs.append(run)
    scale = np.array([width, height, width], dtype=np.float64)
    return [np.asarray(r, dtype=np.float64) * scale for r in runs if r]


def pose_size(path):
    with open(path, 'rb') as f:
        _version, width, height, _depth = struct.unpack('<fHHH', f.read(10))
    return width, height


def real_pose(tmp):
    out = []
    for name in ('mediapipe.pose', 'mediapipe_long.pose'):
        src = os.path.join(SHARED, 'pose', name)
        dst = os.path.join(tmp, name + '.landmarks.jsonl')
        subprocess.run(['node', CLI, 'convert', src, '--out', dst, '--force'], check=True, capture_output=True)
        out += read_jsonl_hands(dst, *pose_size(src))
    return out


def real_video():
    with open(os.path.join(SHARED, 'hands', 'asl_hand.full.json')) as f:
        return [np.asarray(json.load(f), dtype=np.float64)]


def synthesized(tmp, count, seed_base):
    rng = np.random.default_rng(seed_base)
    out = []
    for k in range(count):
        text = ''.join(chr(65 + int(i)) for i in rng.integers(0, 26, 8))
        dst = os.path.join(tmp, f'synth{k}.landmarks.jsonl')
        subprocess.run(['node', CLI, 'synth', text, '--out', dst, '--seed', str(seed_base + k), '--force'], check=True, capture_output=True)
        out += read_jsonl_hands(dst, 640, 480)
    return out


def angle(u, v):
    cos = np.sum(u * v, axis=-1) / (np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1) + 1e-12)
    return np.degrees(np.arccos(np.clip(cos, -1, 1)))


def measure(runs):
    frames = np.concatenate(runs)
    size = np.linalg.norm(frames[:, 9] - frames[:, 0], axis=-1)[:, None]
    figures = {'frames': len(frames)}
    # Proportions.
    bone = lambda a, b: np.median(np.linalg.norm(frames[:, b] - frames[:, a], axis=-1) / size[:, 0])
    figures['palm width (5-17)'] = bone(5, 17)
    figures['wrist-index MCP (0-5)'] = bone(0, 5)
    figures['wrist-pinky MCP (0-17)'] = bone(0, 17)
    figures['wrist-thumb CMC (0-1)'] = bone(0, 1)
    for name, pts in FINGERS.items():
        figures[f'{name} bones'] = [bone(pts[i], pts[i + 1]) for i in range(3)]
    # Joint angles.
    for kind, k in (('MCP', 0), ('PIP', 1), ('DIP', 2)):
        bends = []
        for name in ('index', 'middle', 'ring', 'pinky'):
            p = [0] + FINGERS[name]
            bends.append(angle(frames[:, p[k + 1]] - frames[:, p[k]], frames[:, p[k + 2]] - frames[:, p[k + 1]]))
        figures[f'finger {kind} bend'] = np.percentile(np.concatenate(bends), [10, 50, 90])
    t = FINGERS['thumb']
    figures['thumb MCP bend'] = np.percentile(angle(frames[:, t[1]] - frames[:, t[0]], frames[:, t[2]] - frames[:, t[1]]), [10, 50, 90])
    figures['thumb IP bend'] = np.percentile(angle(frames[:, t[2]] - frames[:, t[1]], frames[:, t[3]] - frames[:, t[2]]), [10, 50, 90])
    figures['index-pinky spread'] = np.percentile(angle(frames[:, 6] - frames[:, 5], frames[:, 18] - frames[:, 17]), [10, 50, 90])
    # Depth.
    z = frames[:, :, 2]
    xy_range = np.max(np.ptp(frames[:, :, :2], axis=1), axis=1)
    figures['z range / size'] = np.percentile(np.ptp(z, axis=1) / size[:, 0], [10, 50, 90])
    figures['z range / xy range'] = np.percentile(np.ptp(z, axis=1) / xy_range, [10, 50, 90])
    figures['tip z - wrist z / size'] = np.percentile(((z[:, TIPS] - z[:, :1]) / size).ravel(), [10, 50, 90])
    # Jitter.
    jitter = []
    for run in runs:
        if len(run) < 3:
            continue
        s = np.linalg.norm(run[1:-1, 9] - run[1:-1, 0], axis=-1)[:, None, None]
        jitter.append((np.abs(run[2:] - 2 * run[1:-1] + run[:-2]) / s).reshape(-1, 3))
    figures['jitter x, y, z / size'] = np.median(np.concatenate(jitter), axis=0)
    return figures


def show(value):
    if isinstance(value, (list, np.ndarray)):
        return ' / '.join(f'{v:.3f}' if abs(v) < 10 else f'{v:.0f}' for v in value)
    return f'{value:.3f}' if isinstance(value, float) else str(value)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--synth', type=int, default=24, help='synthesized sessions to measure')
    p.add_argument('--seed', type=int, default=900_000, help='first synthesizer seed (unused by training)')
    p.add_argument('--json', help='also write the figures to this file')
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sources = {
            'real .pose (Holistic)': measure(real_pose(tmp)),
            'real video (Hands full)': measure(real_video()),
            'synthesized': measure(synthesized(tmp, args.synth, args.seed)),
        }
    names = list(sources)
    print(f'| figure | {" | ".join(names)} |')
    print(f'|---|{"---|" * len(names)}')
    for key in sources[names[0]]:
        print(f'| {key} | {" | ".join(show(sources[n][key]) for n in names)} |')
    if args.json:
        with open(args.json, 'w') as f:
            json.dump({n: {k: (np.asarray(v).tolist() if not isinstance(v, int) else v) for k, v in s.items()} for n, s in sources.items()}, f, indent=1)


if __name__ == '__main__':
    sys.exit(main())
