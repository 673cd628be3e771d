#!/usr/bin/python3
"""Builds two [B, T, 63] -> [B, 29] models for the tests of non-finite outputs:
- test/fixtures/models/nonfinite-29.onnx: NaN for class A and +Inf for class B whatever the input (the rest 0);
- test/fixtures/models/nonfinite-some-29.onnx: NaN for some windows only. With v the last frame's input 3
  (point 1's x minus the wrist's, normalized), class A is sqrt(v), NaN when point 1 is left of the wrist,
  class B is 8 v, the rest 0.

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

# nonfinite-some-29: v = input[:, -1, 3] as [B, 1]; logits = concat(sqrt(v), v * [8, 0, ..., 0]).
starts = helper.make_tensor("starts", TensorProto.INT64, [2], [-1, 3])
ends = helper.make_tensor("ends", TensorProto.INT64, [2], [2**62, 4])
axes = helper.make_tensor("axes", TensorProto.INT64, [2], [1, 2])
weights = helper.make_tensor("weights", TensorProto.FLOAT, [1, 28], [8.0] + [0.0] * 27)
graph = helper.make_graph(
    [
        helper.make_node("Slice", ["input", "starts", "ends", "axes"], ["last"]),
        helper.make_node("Reshape", ["last", "shape"], ["v"]),
        helper.make_node("Sqrt", ["v"], ["a"]),
        helper.make_node("Mul", ["v", "weights"], ["rest"]),
        helper.make_node("Concat", ["a", "rest"], ["logits"], axis=1),
    ],
    "nonfinite_some_outputs", [x], [y], [starts, ends, axes, shape, weights])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=8)
onnx.checker.check_model(model)
onnx.save(model, os.path.join(OUT, "nonfinite-some-29.onnx"))
