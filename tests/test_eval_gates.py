"""The evaluation gate: PolNeAR dev scores of each extractor must not fall below their floors.

Floors and measured figures live in tests/eval_baseline.json (see tests/baseline.py: lowering a floor is a
recorded, reasoned entry of its history); the README's "Quality, measured" reports the figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from claimledger.evaluation.polnear import PolnearReport, load_split, score
from claimledger.pipeline import Source, analyze_many
from claimledger.settings import Settings
from tests import baseline

_reports: dict[str, PolnearReport] = {}


def dev_report(gold_data: Callable[[str], Path], extractor: str) -> PolnearReport:
    root = gold_data("polnear-dev")  # the fingerprint is checked before anything is scored
    if extractor not in _reports:
        docs = load_split(root / "polnear", "dev")
        settings = replace(Settings.from_env(), extractor=extractor)
        _reports[extractor] = score(
            docs, [a.attributions for a in analyze_many((Source(d.text) for d in docs), settings=settings)]
        )
    return _reports[extractor]


@pytest.mark.slow
@pytest.mark.parametrize("extractor", baseline.EXTRACTORS)
@pytest.mark.parametrize("role", baseline.ROLES)
def test_eval_polnear_dev_exact_floor(gold_data, extractor: str, role: str) -> None:
    f1 = dev_report(gold_data, extractor).roles[role].exact_f1
    baseline.check({f"polnear.dev.exact_f1.{extractor}.{role}": f1})


@pytest.mark.slow
@pytest.mark.parametrize("extractor", baseline.EXTRACTORS)
@pytest.mark.parametrize("role", baseline.ROLES)
def test_eval_polnear_dev_overlap_floor(gold_data, extractor: str, role: str) -> None:
    f1 = dev_report(gold_data, extractor).roles[role].overlap_f1
    baseline.check({f"polnear.dev.overlap_f1.{extractor}.{role}": f1})
