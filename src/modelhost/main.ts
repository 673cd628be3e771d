// Model host child process entry point (owns onnxruntime-node).
process.exitCode = 0;
