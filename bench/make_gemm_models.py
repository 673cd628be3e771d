#!/usr/bin/python3
"""Writes the GEMM models bench/run.mjs measures the machine's matrix-multiply peak with:
bench/models/gemm-<m>x<n>.onnx, a chain of 16 float32 GEMMs [m, n] x [n, n] (one constant weight, so it
stays in cache), summed over rows at the end so that the output is one row.

    /usr/bin/python3 bench/make_gemm_models.py

A single 1024 x 1024 GEMM was used before: its 4 MB output, new memory on every run and copied into a
JavaScript buffer, made page faults most of its time on this kind of machine (measured 75-130 GFLOP/s
there, while these chains ran at 360-380, and the LSTM itself at ~250). The intermediate products here
come from onnxruntime's arena, reused from run to run. The peak is the best of the shapes.
"""
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
CHAIN = 16
SHAPES = [(512, 512), (256, 768)]


class GemmChain(torch.nn.Module):
    def __init__(self, n):
        super().__init__()
        # Orthogonal, so that values neither grow nor shrink towards denormals along the chain.
        self.w = torch.nn.Parameter(torch.linalg.qr(torch.randn(n, n))[0])

    def forward(self, a):
        for _ in range(CHAIN):
            a = torch.matmul(a, self.w)
        return a.sum(0)


def main():
    torch.manual_seed(512)
    os.makedirs(os.path.join(HERE, 'models'), exist_ok=True)
    for m, n in SHAPES:
        out = os.path.join(HERE, 'models', f'gemm-{m}x{n}.onnx')
        torch.onnx.export(GemmChain(n).eval(), torch.zeros(m, n), out, input_names=['a'], output_names=['c'], opset_version=13)
        print(f'wrote {os.path.relpath(out)}: {CHAIN} x [{m}, {n}] x [{n}, {n}] float32, {2 * m * n * n * CHAIN / 1e9:.2f} GFLOP a run')


if __name__ == '__main__':
    main()
