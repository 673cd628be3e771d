#!/usr/bin/python3
"""Writes bench/models/seed.onnx: a model the size and shape of the users' sequence model, random weights.

    /usr/bin/python3 bench/make_seed_model.py

2-layer bidirectional LSTM, hidden 256, LayerNorm + Linear head over the two final hidden states,
input `input` [batch, sequence, 63] (dynamic batch and sequence), output `logits` [batch, 29]: the
signature of lstm_alphabet_sequence.onnx (see ../shared/reference/backend-pipeline.md). It is for
timing only; its answers mean nothing. About 9 MB, so it is generated on demand, not committed.
"""
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'models', 'training'))
from train import FEATURES, LABELS, WINDOW, FingerspellingLSTM, export  # noqa: E402

HIDDEN = 256


def lstm_flops(window, hidden, layers=2, directions=2, features=FEATURES):
    """Multiply-adds counted as 2 FLOPs: 4 gates x hidden x (input + hidden) per step, per direction."""
    total = 0
    width = features
    for _ in range(layers):
        total += directions * window * 2 * 4 * hidden * (width + hidden)
        width = directions * hidden
    return total + 2 * width * len(LABELS)


def main():
    torch.manual_seed(256)
    torch.set_num_threads(2)
    model = FingerspellingLSTM(HIDDEN)
    out = os.path.join(HERE, 'models', 'seed.onnx')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    export(model, out)
    params = sum(p.numel() for p in model.parameters())
    size = os.path.getsize(out)
    flops = lstm_flops(WINDOW, HIDDEN)
    print(f'wrote {os.path.relpath(out)}: {params:,} parameters, {size:,} bytes ({size / 2**20:.2f} MiB), '
          f'about {flops / 1e6:.1f} MFLOP per {WINDOW}-frame window')


if __name__ == '__main__':
    main()
