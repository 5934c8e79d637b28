"""The attribution rules as a spaCy component: ``nlp.add_pipe("claimledger_attribution")``.

It sets ``doc._.attributions`` (a list of :class:`~claimledger.records.Attribution` whose spans index
``doc.text``) on each paragraph; article-level steps (quote continuation across paragraphs, pronoun
resolution, nesting) run afterwards in :func:`claimledger.attribute.extractors.find_attributions`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.attribute.rules import paragraph_attributions
from claimledger.records import Attribution

COMPONENT = "claimledger_attribution"

if not Doc.has_extension("attributions"):
    Doc.set_extension("attributions", default=None)


class AttributionComponent:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, paragraph_attributions(doc))
        return doc

    def set_annotations(self, doc: Doc, attributions: list[Attribution]) -> None:
        doc._.attributions = attributions


@Language.factory(COMPONENT, requires=["token.dep", "token.lemma", "doc.ents"], assigns=["doc._.attributions"])
def make_attribution_component(nlp: Language, name: str) -> AttributionComponent:
    return AttributionComponent(nlp, name)


def add_to_pipeline(nlp: Language) -> None:
    if COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, last=True)
