"""The learned attribution tagger's run time: MiniLM fine-tuned on PolNeAR, run with onnxruntime (no torch).

``units`` (what the tagger reads), ``decode`` (constrained Viterbi) and ``runtime`` (the ONNX session);
training lives in :mod:`claimledger.training`, turning tags into attributions in
:mod:`claimledger.attribute.learned`.
"""
