#!/usr/bin/python3
"""Writes bench/models/matmul1024.onnx: one float32 GEMM, [1024, 1024] x [1024, 1024] (constant B).

    /usr/bin/python3 bench/make_matmul_model.py

bench/run.mjs times it with onnxruntime-node to get the machine's matrix-multiply FLOP rate
(2 * 1024^3 FLOP a run), the ceiling the LSTM analysis is compared against.
"""
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
N = 1024


class MatMul(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.b = torch.nn.Parameter(torch.randn(N, N) / N ** 0.5)

    def forward(self, a):
        return torch.matmul(a, self.b)


def main():
    torch.manual_seed(1024)
    out = os.path.join(HERE, 'models', f'matmul{N}.onnx')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    model = MatMul().eval()
    torch.onnx.export(model, torch.zeros(N, N), out, input_names=['a'], output_names=['c'], opset_version=13)
    print(f'wrote {os.path.relpath(out)}: [{N}, {N}] x [{N}, {N}] float32, {2 * N ** 3 / 1e9:.2f} GFLOP a run')


if __name__ == '__main__':
    main()
