#!/usr/bin/python3
"""Writes the GEMM models bench/run.mjs measures the machine's matrix-multiply peak with:
bench/models/gemm-<m>x<n>.onnx, a chain of 16 float32 GEMMs [m, n] x [n, n] (one constant weight, so it
stays in cache), summed over rows at the end so that the output is one row.

    /usr/bin/python3 bench/make_gemm_models.py

A single 1024 x 1024 GEMM was used before: its 4 MB output, new memory on every run and copied into a
JavaScript buffer, made page faults most of its time on this kind of machine (measured 75-130 GFLOP/s
there, while these chains ran at 360-380, and the LSTM itself at ~250). The intermediate products here
come from onnxruntime's arena, reused from run to run. The peak is the best of the shapes.

It also writes bench/models/gemm-step-<b>x256x1024.onnx, the seed-size LSTM's recurrent step alone: 32 steps
of [b, 256] x [256, 1024] (hidden state times the four gates' recurrent weights, b the windows of one model
host request), each step's first 256 columns the next one's input. Not part of the peak: bench/run.mjs prints
its rate beside the LSTM's, to show how much of the gap is the shape of the LSTM's GEMMs.
"""
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
CHAIN = 16
SHAPES = [(512, 512), (256, 768)]
STEPS = 32
HIDDEN = 256
# Windows of one model host request (src/model/loadModelInPool.ts, HOST_REQUEST_WINDOWS).
STEP_ROWS = [64]


class GemmChain(torch.nn.Module):
    def __init__(self, n):
        super().__init__()
        # Orthogonal, so that values neither grow nor shrink towards denormals along the chain.
        self.w = torch.nn.Parameter(torch.linalg.qr(torch.randn(n, n))[0])

    def forward(self, a):
        for _ in range(CHAIN):
            a = torch.matmul(a, self.w)
        return a.sum(0)


class RecurrentSteps(torch.nn.Module):
    def __init__(self):
        super().__init__()
        # Four copies of one orthogonal matrix side by side: each step's first 256 columns keep the norm.
        q = torch.linalg.qr(torch.randn(HIDDEN, HIDDEN))[0]
        self.w = torch.nn.Parameter(torch.cat([q] * 4, dim=1))

    def forward(self, h):
        for _ in range(STEPS):
            h = torch.matmul(h, self.w)[:, :HIDDEN]
        return h.sum(0)


def main():
    torch.manual_seed(512)
    os.makedirs(os.path.join(HERE, 'models'), exist_ok=True)
    for m, n in SHAPES:
        out = os.path.join(HERE, 'models', f'gemm-{m}x{n}.onnx')
        torch.onnx.export(GemmChain(n).eval(), torch.zeros(m, n), out, input_names=['a'], output_names=['c'], opset_version=13)
        print(f'wrote {os.path.relpath(out)}: {CHAIN} x [{m}, {n}] x [{n}, {n}] float32, {2 * m * n * n * CHAIN / 1e9:.2f} GFLOP a run')
    for b in STEP_ROWS:
        out = os.path.join(HERE, 'models', f'gemm-step-{b}x{HIDDEN}x{4 * HIDDEN}.onnx')
        torch.onnx.export(RecurrentSteps().eval(), torch.zeros(b, HIDDEN), out, input_names=['a'], output_names=['c'], opset_version=13)
        print(f'wrote {os.path.relpath(out)}: {STEPS} x [{b}, {HIDDEN}] x [{HIDDEN}, {4 * HIDDEN}] float32')


if __name__ == '__main__':
    main()
