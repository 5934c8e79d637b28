"""The evaluation gate: PolNeAR dev scores of each extractor must not fall below the pinned floors.

Lowering a floor is an explicit, visible act: change the number here and say why in the commit.
Measured figures are in the README ("Quality, measured"); floors sit half a point or so under them.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from claimledger.evaluation.polnear import PolnearReport, load_split, score
from claimledger.pipeline import Source, analyze_many
from claimledger.settings import Settings
from tests.conftest import SHARED, need

# exact-match and overlap F1 on PolNeAR dev, per extractor and role
EXACT_F1_FLOOR = {
    "rules": {"source": 0.675, "cue": 0.625, "content": 0.53},
    "model": {"source": 0.785, "cue": 0.715, "content": 0.645},
    "hybrid": {"source": 0.775, "cue": 0.71, "content": 0.64},
}
OVERLAP_F1_FLOOR = {
    "rules": {"source": 0.725, "cue": 0.70, "content": 0.76},
    "model": {"source": 0.83, "cue": 0.81, "content": 0.86},
    "hybrid": {"source": 0.825, "cue": 0.805, "content": 0.85},
}

_reports: dict[str, PolnearReport] = {}


def dev_report(extractor: str) -> PolnearReport:
    if extractor not in _reports:
        docs = load_split(need(SHARED / "polnear"), "dev")
        settings = replace(Settings.from_env(), extractor=extractor)
        _reports[extractor] = score(
            docs, [a.attributions for a in analyze_many((Source(d.text) for d in docs), settings=settings)]
        )
    return _reports[extractor]


@pytest.mark.slow
@pytest.mark.parametrize("extractor", ["rules", "model", "hybrid"])
@pytest.mark.parametrize("role", ["source", "cue", "content"])
def test_eval_polnear_dev_exact_floor(extractor: str, role: str) -> None:
    assert dev_report(extractor).roles[role].exact_f1 >= EXACT_F1_FLOOR[extractor][role]


@pytest.mark.slow
@pytest.mark.parametrize("extractor", ["rules", "model", "hybrid"])
@pytest.mark.parametrize("role", ["source", "cue", "content"])
def test_eval_polnear_dev_overlap_floor(extractor: str, role: str) -> None:
    assert dev_report(extractor).roles[role].overlap_f1 >= OVERLAP_F1_FLOOR[extractor][role]
