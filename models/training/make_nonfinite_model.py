#!/usr/bin/python3
"""Builds test/fixtures/models/nonfinite-29.onnx: a [B, T, 63] -> [B, 29] model whose outputs are NaN
for class A and +Inf for class B whatever the input (the rest 0), for the tests of non-finite outputs.

Run with Debian's /usr/bin/python3 (python3-onnx):
    /usr/bin/python3 models/training/make_nonfinite_model.py [out_dir]
"""
import os
import sys

import onnx
from onnx import TensorProto, helper

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "models")
OPSET = 13

x = helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", "sequence", 63])
y = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 29])
# The mean over time and values keeps the batch axis: [B]; times zero, reshaped to [B, 1], plus the row broadcast.
row = helper.make_tensor("row", TensorProto.FLOAT, [1, 29], [float("nan"), float("inf")] + [0.0] * 27)
zero = helper.make_tensor("zero", TensorProto.FLOAT, [], [0.0])
shape = helper.make_tensor("shape", TensorProto.INT64, [2], [-1, 1])
graph = helper.make_graph(
    [
        helper.make_node("ReduceMean", ["input"], ["sum"], axes=[1, 2], keepdims=0),
        helper.make_node("Mul", ["sum", "zero"], ["zeros"]),
        helper.make_node("Reshape", ["zeros", "shape"], ["column"]),
        helper.make_node("Add", ["column", "row"], ["logits"]),
    ],
    "nonfinite_outputs", [x], [y], [row, zero, shape])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=8)
onnx.checker.check_model(model)
onnx.save(model, os.path.join(OUT, "nonfinite-29.onnx"))
