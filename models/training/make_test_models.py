#!/usr/bin/python3
"""Builds the small ONNX fixture models, fixture sessions and golden outputs for Landmark Lens's tests.

Run with Debian's /usr/bin/python3 (python3-torch 1.13, python3-onnx):
    /usr/bin/python3 models/training/make_test_models.py [out_dir] [--only=attribution]

Each model is a small PyTorch module with fixed random weights, exported to ONNX. The golden files hold,
for each fixture session, the per-frame outputs of the reference backend's buffered pipeline, computed
here independently of the TypeScript implementation: PyTorch runs the model, numpy does the rest.
"""
import json
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper
import torch
from torch import nn

ARGS = [a for a in sys.argv[1:] if not a.startswith("--only=")]
# --only=attribution rebuilds the attribution fixtures alone, leaving the others' bytes as they are.
ONLY = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--only=")), None)
OUT = ARGS[0] if ARGS else os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "models")
OPSET = 13
LABELS_29 = [chr(ord("A") + i) for i in range(26)] + ["SPACE", "DELETE", "NOTHING"]


class SeqModel(nn.Module):
    """2-layer bidirectional LSTM; head LayerNorm then Linear over the two final hidden states."""

    def __init__(self, classes, hidden=16, points_layout=False, softmax_out=False):
        super().__init__()
        self.points_layout = points_layout
        self.softmax_out = softmax_out
        self.lstm = nn.LSTM(63, hidden, num_layers=2, batch_first=True, bidirectional=True)
        self.norm = nn.LayerNorm(2 * hidden)
        self.head = nn.Linear(2 * hidden, classes)

    def forward(self, x):
        if self.points_layout:
            x = x.reshape(x.shape[0], x.shape[1], 63)
        _, (h, _) = self.lstm(x)
        z = self.head(self.norm(torch.cat([h[-2], h[-1]], dim=1)))
        # Scale up so the distributions are not all near uniform.
        z = z * 4.0
        return torch.softmax(z, dim=1) if self.softmax_out else z


class PerFrameModel(nn.Module):
    """The older per-frame model's shape: [B, 1, 21, 3] -> [B, classes]."""

    def __init__(self, classes):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(63, 32), nn.Tanh(), nn.Linear(32, classes))

    def forward(self, x):
        return self.net(x.reshape(x.shape[0], 63)) * 4.0


class OneLandmarkModel(nn.Module):
    """Looks at one landmark only (all frames): the occlusion attribution test's known answer."""

    def __init__(self, classes, point):
        super().__init__()
        self.point = point
        self.head = nn.Linear(3, classes)

    def forward(self, x):
        p = x[:, :, 3 * self.point:3 * self.point + 3].mean(dim=1)
        return self.head(p) * 8.0


class LastFrameModel(nn.Module):
    """Looks at the window's last frame only: all the frame attribution must land there."""

    def __init__(self, classes):
        super().__init__()
        self.head = nn.Linear(63, classes)

    def forward(self, x):
        return self.head(x[:, -1, :]) * 4.0


def make_attribution_models():
    """Fixtures for occlusion attribution (src/core/attribution): models whose answer is known by construction."""
    torch.manual_seed(19)
    one = OneLandmarkModel(29, 8)
    export(one, "one-landmark-8-29.onnx", torch.zeros(2, 32, 63), "input", "logits",
           {"input": {0: "batch", 1: "sequence"}, "logits": {0: "batch"}})
    last = LastFrameModel(29)
    export(last, "last-frame-29.onnx", torch.zeros(2, 32, 63), "input", "logits",
           {"input": {0: "batch", 1: "sequence"}, "logits": {0: "batch"}})


def export(model, name, example, input_name, output_name, dynamic, metadata=None):
    path = os.path.join(OUT, name)
    model.eval()
    torch.onnx.export(
        model, example, path, input_names=[input_name], output_names=[output_name],
        dynamic_axes=dynamic, opset_version=OPSET, do_constant_folding=True,
    )
    proto = onnx.load(path)
    for key, value in (metadata or {}).items():
        entry = proto.metadata_props.add()
        entry.key = key
        entry.value = value
    onnx.checker.check_model(proto)
    onnx.save(proto, path)
    return path


# ---- fixture sessions ---------------------------------------------------------------------------

def hand(bases, t, phase):
    """A deterministic moving hand: a blend of two base shapes plus per-point oscillation, in image coordinates."""
    a = 0.5 + 0.5 * math.sin(2 * math.pi * t / 45.0 + phase)
    pts = bases[0] * (1 - a) + bases[1] * a
    k = np.arange(21)
    pts[:, 0] += 0.05 * np.sin(0.21 * t + 0.3 * k + phase)
    pts[:, 1] += 0.04 * np.cos(0.17 * t + 0.5 * k + phase)
    pts[:, 2] += 0.02 * np.sin(0.11 * t + 0.7 * k)
    return np.round(pts, 6)


def make_session(name, frames, seed, no_hand, targets, steps):
    rng = np.random.default_rng(seed)
    base = [np.column_stack([0.5 + 0.15 * rng.standard_normal(21), 0.5 + 0.15 * rng.standard_normal(21), 0.05 * rng.standard_normal(21)])
            for _ in range(2)]
    lines = [json.dumps({"type": "header", "format": "landmark-session", "version": 1, "fps": 30,
                         "source": "make_test_models.py", "created": "2026-01-01T00:00:00Z"})]
    t = 0
    records = []
    for i in range(frames):
        for before, letter in targets:
            if before == i:
                lines.append(json.dumps({"type": "target", "t": t, "letter": letter}))
                records.append(("target", t, letter))
        if i in no_hand:
            lines.append(json.dumps({"type": "frame", "t": t, "hands": []}))
            records.append(("frame", t, None))
        else:
            pts = hand(base, i, seed * 0.1 + (1.5 if i >= 60 else 0.0))
            lines.append(json.dumps({"type": "frame", "t": t, "hands": [{"handedness": "Right", "score": 0.9, "landmarks": pts.tolist()}]}))
            records.append(("frame", t, pts))
        t += steps[i % len(steps)]
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return records


# ---- the backend's pipeline, independently in numpy -----------------------------------------------

def normalize(pts):
    rel = pts.astype(np.float64) - pts[0].astype(np.float64)
    m = np.max(np.abs(rel))
    if m > 0:
        rel = rel / m
    return rel.reshape(63).astype(np.float32)


def softmax(z):
    z = z.astype(np.float64)
    e = np.exp(z - np.max(z))
    return (e / e.sum()).astype(np.float32)


def backend(records, model, profile):
    T = profile["windowSize"]
    S = profile["smoothingWindow"]
    labels = profile["labels"]
    points = profile["inputLayout"] == "points"
    buf, smooth = [], []
    target = None
    last = None  # (t, letter, prob) of the last sent reply
    default = {"maxarg_letter": "A", "target_arg_prob": 0.0}
    frames, changes = [], []

    def throttle(t, letter, prob):
        nonlocal last
        ok = last is None or (t - last[0] >= profile["throttleMs"] and (letter != last[1] or abs(prob - last[2]) > profile["throttleDelta"]))
        if ok:
            last = (t, letter, prob)
        return ok

    index = 0
    for kind, t, value in records:
        if kind == "target":
            buf.clear()
            smooth.clear()
            target = value
            last = (t, default["maxarg_letter"], default["target_arg_prob"])
            changes.append({"t": t, "letter": value, "beforeFrame": index, "response": dict(default), "sent": True})
            continue
        rec = {"frame": index, "t": t, "status": None, "probs": None, "smoothed": None, "response": None, "sent": False}
        index += 1
        if value is None:
            rec["status"] = "no-hand"
            frames.append(rec)
            continue
        buf.append(normalize(value))
        if len(buf) > T:
            buf.pop(0)
        if len(buf) < T:
            rec["status"] = "buffering"
            rec["response"] = dict(default)
            rec["sent"] = throttle(t, default["maxarg_letter"], default["target_arg_prob"])
            frames.append(rec)
            continue
        window = np.stack(buf)
        x = window.reshape(1, T, 21, 3) if points else window.reshape(1, T, 63)
        with torch.no_grad():
            logits = model(torch.from_numpy(np.ascontiguousarray(x))).numpy()[0]
        probs = softmax(logits)
        rec["probs"] = probs.tolist()
        smooth.append(probs)
        if len(smooth) > S:
            smooth.pop(0)
        if len(smooth) < S:
            rec["status"] = "smoothing"
            frames.append(rec)
            continue
        mean = np.mean(np.stack(smooth).astype(np.float64), axis=0)
        best = int(np.argmax(mean))
        if target is None:
            prob = float(mean[best])
        else:
            idx = ord(target) - ord("A")
            prob = float(mean[idx]) if 0 <= idx < len(mean) else 0.0
        rec["status"] = "ready"
        rec["smoothed"] = mean.tolist()
        rec["response"] = {"maxarg_letter": labels[best], "target_arg_prob": round(prob, profile["roundDecimals"])}
        rec["sent"] = throttle(t, labels[best], prob)
        frames.append(rec)
    return {"frames": frames, "targetChanges": changes}


def profile_for(window, labels, layout="flat", smoothing=5):
    return {"windowSize": window, "smoothingWindow": smoothing, "throttleMs": 75, "throttleDelta": 0.03,
            "labels": labels, "inputLayout": layout, "roundDecimals": 4}


def main():
    os.makedirs(OUT, exist_ok=True)
    if ONLY == "attribution":
        make_attribution_models()
        return
    torch.manual_seed(7)
    torch.set_num_threads(1)

    # Irregular frame steps (ms) so the 75 ms throttle both passes and blocks.
    session_a = make_session("session-a.landmarks.jsonl", 120, 3, {10, 55, 56}, [(70, "C")], [33, 20, 41, 80, 25])
    session_b = make_session("session-b.landmarks.jsonl", 60, 11, {0, 30}, [(0, "B"), (20, "a"), (40, "Z")], [50, 30, 90])
    sessions = {"session-a": session_a, "session-b": session_b}

    models = {}
    seq = SeqModel(29)
    export(seq, "seq-flat-29.onnx", torch.zeros(2, 32, 63), "input", "logits",
           {"input": {0: "batch", 1: "sequence"}, "logits": {0: "batch"}})
    models["seq-flat-29"] = (seq, profile_for(32, LABELS_29))

    pts = SeqModel(29, points_layout=True)
    export(pts, "seq-points-29.onnx", torch.zeros(2, 32, 21, 3), "input", "logits",
           {"input": {0: "batch", 1: "sequence"}, "logits": {0: "batch"}})
    models["seq-points-29"] = (pts, profile_for(32, LABELS_29, "points"))
    # A sidecar profile: decoder settings only, so the backend-parity outputs are unchanged.
    with open(os.path.join(OUT, "seq-points-29.profile.json"), "w") as f:
        json.dump({"decoder": {"holdFrames": 3, "minProb": 0.3}}, f)

    frame = PerFrameModel(26)
    export(frame, "per-frame-26.onnx", torch.zeros(2, 1, 21, 3), "input", "output",
           {"input": {0: "batch"}, "output": {0: "batch"}})
    models["per-frame-26"] = (frame, profile_for(1, LABELS_29[:26], "points"))

    probs = SeqModel(29, softmax_out=True)
    export(probs, "probabilities-29.onnx", torch.zeros(2, 32, 63), "input", "probs",
           {"input": {0: "batch", 1: "sequence"}, "probs": {0: "batch"}})
    models["probabilities-29"] = (probs, profile_for(32, LABELS_29))

    # Odd names, static axes [1, 12, 63], 7 classes named by the profile in the ONNX metadata.
    odd_labels = ["A", "B", "C", "HELLO", "SPACE", "DELETE", "NOTHING"]
    odd = SeqModel(7, hidden=8)
    export(odd, "odd-static-7.onnx", torch.zeros(1, 12, 63), "hand/landmarks:0", "scores.out", None,
           metadata={"landmark_lens_profile": json.dumps({"labels": odd_labels, "smoothingWindow": 3})})
    models["odd-static-7"] = (odd, profile_for(12, odd_labels, smoothing=3))

    # A model that loads but fails at run time: Reshape to 61 columns cannot take 63 * 32 * B values (B < 61).
    x = helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", "sequence", 63])
    y = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 29])
    shape = helper.make_tensor("shape", TensorProto.INT64, [2], [-1, 61])
    w = helper.make_tensor("w", TensorProto.FLOAT, [61, 29], [0.01] * (61 * 29))
    graph = helper.make_graph(
        [helper.make_node("Reshape", ["input", "shape"], ["flat"]), helper.make_node("MatMul", ["flat", "w"], ["logits"])],
        "fails_at_run_time", [x], [y], [shape, w])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=8),
              os.path.join(OUT, "fails-at-run-time.onnx"))

    # An unsupported signature: 42 values per frame.
    x42 = helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", "sequence", 42])
    y42 = helper.make_tensor_value_info("out", TensorProto.FLOAT, ["batch", "sequence", 42])
    graph42 = helper.make_graph([helper.make_node("Identity", ["input"], ["out"])], "two_hands_no_z", [x42], [y42])
    onnx.save(helper.make_model(graph42, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=8),
              os.path.join(OUT, "unsupported-42.onnx"))

    with open(os.path.join(OUT, "not-a-model.onnx"), "w") as f:
        f.write("this is a text file, not an ONNX model\n")

    make_attribution_models()

    golden = {}
    for model_name, (model, profile) in models.items():
        model.eval()
        golden[model_name] = {"profile": profile,
                              "sessions": {s: backend(recs, model, profile) for s, recs in sessions.items()}}
    with open(os.path.join(OUT, "golden.json"), "w") as f:
        json.dump(golden, f, separators=(",", ":"))
    print("wrote", sorted(os.listdir(OUT)))


if __name__ == "__main__":
    main()
