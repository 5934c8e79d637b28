"""Evaluation commands: gold sets, scores and the floors CI pins."""
