"""Claim matching: a cross-encoder pair model (int8 ONNX) decides whether two contents assert the same thing."""
