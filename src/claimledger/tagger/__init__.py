"""A learned attribution tagger: MiniLM fine-tuned on PolNeAR, run with onnxruntime (no torch at run time)."""
