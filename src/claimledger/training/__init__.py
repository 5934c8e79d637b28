"""Training the attribution tagger (the ``train`` extra: torch, onnx): data, network, loop, ONNX export.

Nothing at run time imports this package; the trained model runs from :mod:`claimledger.tagger`.
"""
