"""Extraction (HTML → main text + metadata) and its benchmark scoring."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from claimledger.errors import ClaimledgerError, ExtractionError
from claimledger.evaluation.extraction import (
    BenchmarkDataError,
    ExtractionReport,
    evaluate_extraction,
    f1_score,
    macro_scores,
    match_counts,
    precision_score,
    recall_score,
    shingles,
    tokenize,
)
from claimledger.extract import ExtractedPage, extract_html
from claimledger.read import looks_like_html
from tests import baseline

PARAS = [
    "The city council voted on Tuesday to approve a new pedestrian bridge across the harbour, ending a debate "
    "that has lasted more than a decade and divided residents of both shores.",
    '"This is a historic day for the city," said the mayor, Maria Lopez, after the vote. She added that '
    "construction would begin in the spring and take about two years to complete.",
    "Opponents of the project argued that the cost, estimated at 40 million euros, was too high, and that the "
    "money should have been spent on schools and the existing ferry service instead.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Council approves new bridge | The Harbour Gazette</title>
<meta property="og:title" content="Council approves new bridge">
<meta property="og:site_name" content="The Harbour Gazette">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-05T09:30:00Z">
<link rel="canonical" href="https://gazette.example.com/news/bridge">
<style>body {{ font-family: STYLEMARKER; }}</style>
<script>var tracking = "SCRIPTMARKER";</script>
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News NAVMARKER</a></li>
<li><a href="/s">Sport</a></li></ul></nav>
<div id="cookie-banner" class="cookie-consent">We use cookies COOKIEMARKER to improve your experience.
<button>Accept all cookies</button></div>
<article>
<h1>Council approves new bridge</h1>
<p>{PARAS[0]}</p>
<p>{PARAS[1]}</p>
<p>{PARAS[2]}</p>
</article>
<section id="comments" class="comments">
<h3>Comments</h3>
<div class="comment"><p>COMMENTMARKER What a waste of money, they should fix the roads first instead of this.</p></div>
</section>
<footer>Copyright 2024 The Harbour Gazette. All rights reserved. FOOTERMARKER</footer>
</body>
</html>
"""


def _bare_page(*, head: str = "", body_extra: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    return f"<html><head>{head}</head><body><article>{body}</article>{body_extra}</body></html>"


# --- extract_html: text -----------------------------------------------------------------------------------


def test_returns_extracted_page_with_paragraphs_separated_by_blank_lines() -> None:
    page = extract_html(PAGE)
    assert isinstance(page, ExtractedPage)
    paragraphs = page.text.split("\n\n")
    for expected in PARAS:
        assert expected in paragraphs
    assert [paragraphs.index(p) for p in PARAS] == sorted(paragraphs.index(p) for p in PARAS)
    assert all(p and p == p.strip() and "\n" not in p for p in paragraphs)
    assert "\n\n\n" not in page.text
    assert page.text == page.text.strip()


@pytest.mark.parametrize("marker", ["SCRIPTMARKER", "STYLEMARKER", "NAVMARKER", "COOKIEMARKER", "FOOTERMARKER"])
def test_site_furniture_not_in_text(marker: str) -> None:
    assert marker not in extract_html(PAGE).text


def test_comments_not_in_text() -> None:
    assert "COMMENTMARKER" not in extract_html(PAGE).text


def test_br_separated_lines_become_paragraphs() -> None:
    html = f"<html><body><article><p>{PARAS[0]}<br><br>{PARAS[1]}</p><p>{PARAS[2]}</p></article></body></html>"
    assert extract_html(html).text.split("\n\n") == PARAS


def test_malformed_html_still_extracted() -> None:
    html = (
        f"<html><body><div class=article><p>{PARAS[0]}<p>{PARAS[1]}<div><p>{PARAS[2]}"
        "<b>unclosed <i>tags</div></span></td></body>"
    )
    text = extract_html(html).text
    for expected in PARAS[:2]:
        assert expected in text.split("\n\n")
    assert PARAS[2] in text


def test_fragment_without_html_element_extracted() -> None:
    text = extract_html("".join(f"<p>{p}</p>" for p in PARAS)).text
    assert text.split("\n\n") == PARAS


def test_deterministic() -> None:
    assert extract_html(PAGE, url="https://gazette.example.com/x") == extract_html(
        PAGE, url="https://gazette.example.com/x"
    )


# --- extract_html: metadata -------------------------------------------------------------------------------


def test_metadata_lifted() -> None:
    meta = extract_html(PAGE, url="https://gazette.example.com/x?utm_source=feed").metadata
    assert meta.title == "Council approves new bridge"
    assert meta.author == "Jane Doe"
    assert meta.site == "The Harbour Gazette"
    assert meta.published == "2024-03-05"
    assert meta.url == "https://gazette.example.com/news/bridge"  # canonical beats the given URL
    assert meta.language == "en"


def test_metadata_falls_back_to_given_url_and_hostname() -> None:
    meta = extract_html(_bare_page(head="<title>Bridge</title>"), url="https://news.example.org/a/bridge").metadata
    assert meta.url == "https://news.example.org/a/bridge"
    assert meta.site == "news.example.org"
    assert meta.title == "Bridge"


def test_metadata_absent_is_none() -> None:
    meta = extract_html(_bare_page()).metadata
    assert meta.author is None
    assert meta.url is None
    assert meta.language is None


def test_date_from_url_when_page_has_none() -> None:
    meta = extract_html(_bare_page(), url="https://news.example.org/2023/07/14/bridge-vote").metadata
    assert meta.published == "2023-07-14"


def test_htmldate_fallback_finds_date() -> None:
    from trafilatura.utils import load_html

    from claimledger.extract import _find_date

    tree = load_html(_bare_page(head='<meta name="date" content="2022-11-02">'))
    assert _find_date(tree, None) == "2022-11-02"
    assert _find_date(load_html(_bare_page()), None) is None


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta http-equiv="content-language" content="de-DE">', "de"),
        ('<meta property="og:locale" content="fr_FR">', "fr"),
        ('<meta http-equiv="content-language" content="not a language!">', None),
    ],
)
def test_language_from_meta(head: str, expected: str | None) -> None:
    assert extract_html(_bare_page(head=head)).metadata.language == expected


# --- extract_html: failures -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n\t ",
        "Just some plain text, not HTML at all. " * 20,
        "<html></html>",
        "<html><head><title>Only a title</title></head><body></body></html>",
        "<html><body><script>var a = 1;</script><style>p {}</style></body></html>",
        "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x08\x06\x00\x00\x00\\\xb4html",
        "<html><body>" + "<div>" * 5000 + "<p>deep</p>" + "</div>" * 5000 + "</body></html>",
    ],
    ids=["empty", "blank", "plain-text", "empty-html", "no-body-text", "script-only", "binary", "too-deep"],
)
def test_no_text_raises_extraction_error(html: str) -> None:
    with pytest.raises(ExtractionError) as info:
        extract_html(html)
    message = str(info.value)
    assert message.startswith("no article text found in the HTML")
    assert "\n" not in message
    assert isinstance(info.value, ClaimledgerError)
    assert info.value.__cause__ is None


def test_not_a_string_raises_extraction_error() -> None:
    with pytest.raises(ExtractionError, match="no article text found in the HTML"):
        extract_html(None)  # type: ignore[arg-type]


def test_parser_crash_becomes_extraction_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("lxml exploded")

    monkeypatch.setattr(trafilatura, "bare_extraction", boom)
    with pytest.raises(ExtractionError, match="could not be parsed: RuntimeError") as info:
        extract_html(PAGE)
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


# --- looks_like_html --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body><p>Hi</p></body></html>", True),
        ("\ufeff  \n<!doctype HTML>\n<title>x</title>", True),
        ("<html lang='en'><head></head></html>", True),
        ("<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'><body/></html>", True),
        ("<!-- saved page -->\n<html>", True),
        ("<body><p>text</p></body>", True),
        ("<p>A paragraph.</p><p>Another.</p>", True),
        ("The minister said on Tuesday that <p> is a tag.", False),
        ("Plain text article.\n\nSecond paragraph.", False),
        ("", False),
        ("<not-html>hello</not-html>", False),
        ('{"url": "https://example.com", "text": "<p>x</p>"}', False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


# --- token / shingle F1 arithmetic -----------------------------------------------------------------------


def test_tokenize_words_only() -> None:
    assert tokenize("Hello, world! It's 2024 — naïve café.") == ["Hello", "world", "It", "s", "2024", "naïve", "café"]
    assert tokenize(None) == []


def test_shingles_multiset() -> None:
    assert shingles("a b c d e", 4) == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("a b a b a b", 2) == {("a", "b"): 3, ("b", "a"): 2}
    assert shingles("a b", 4) == {("a", "b"): 1}  # shorter than n: one short shingle
    assert shingles("", 4) == {}


def test_match_counts_unigrams() -> None:
    # gold: a a b c ; pred: a b b d → tp = min(2,1)[a] + min(1,2)[b] = 2, fp = 4 - 2, fn = 4 - 2
    assert match_counts("a a b c", "a b b d", n=1) == (2, 2, 2)
    assert match_counts("a b c", "a b c", n=1) == (3, 0, 0)
    assert match_counts("a b c", "", n=1) == (0, 0, 3)
    assert match_counts("", "x y", n=1) == (0, 2, 0)


def test_match_counts_shingles() -> None:
    gold = "one two three four five six"  # 3 shingles
    pred = "one two three four five seven eight"  # 4 shingles, 2 shared
    assert match_counts(gold, pred) == (2, 2, 1)


def test_precision_recall_edge_cases() -> None:
    assert precision_score(2, 2, 2) == 0.5
    assert recall_score(3, 0, 1) == 0.75
    assert precision_score(0, 0, 0) == recall_score(0, 0, 0) == 1.0  # both empty: perfect
    assert precision_score(0, 0, 5) == 0.0  # nothing predicted
    assert recall_score(0, 5, 0) == 0.0  # nothing to find, something predicted
    assert f1_score(0.5, 1.0) == pytest.approx(2 / 3)
    assert f1_score(0.0, 0.0) == 0.0


def test_macro_scores_average_like_the_benchmark() -> None:
    counts = [(3, 1, 0), (1, 1, 2), (0, 0, 4)]  # the last: empty prediction
    precision, recall, f1 = macro_scores(counts)
    assert precision == pytest.approx((0.75 + 0.5) / 2)  # documents with predicted text only
    assert recall == pytest.approx((1.0 + 1 / 3 + 0.0) / 3)  # documents with gold text
    assert f1 == pytest.approx(2 * precision * recall / (precision + recall))  # F1 of the averages
    assert macro_scores([]) == (0.0, 0.0, 0.0)


# --- evaluate_extraction on a hand-made benchmark --------------------------------------------------------


def _write_bench(root: Path, docs: dict[str, tuple[str, str]]) -> Path:
    (root / "html").mkdir(parents=True)
    truth = {}
    for doc_id, (html, body) in docs.items():
        with gzip.open(root / "html" / f"{doc_id}.html.gz", "wt", encoding="utf-8") as fh:
            fh.write(html)
        truth[doc_id] = {"url": f"https://example.com/{doc_id}", "articleBody": body}
    (root / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return root


def test_evaluate_extraction_on_small_benchmark(tmp_path: Path) -> None:
    bench = _write_bench(
        tmp_path / "bench",
        {
            "good": (_bare_page(), "\n".join(PARAS)),
            "empty": ("<html><body></body></html>", "Some gold text that will not be found at all here."),
        },
    )
    seen: list[tuple[int, int]] = []
    report = evaluate_extraction(bench, progress=lambda done, total: seen.append((done, total)))
    assert isinstance(report, ExtractionReport)
    assert (report.n_documents, report.n_failed) == (2, 1)
    assert report.failures["empty"].startswith("no article text found")
    assert report.precision == pytest.approx(1.0)  # only the good page predicted anything
    assert report.recall == pytest.approx(0.5)  # the failure counts as an empty prediction
    assert report.f1 == pytest.approx(2 / 3)
    assert seen == [(1, 2), (2, 2)]
    data = report.to_dict()
    assert {"precision", "recall", "f1", "n_documents", "n_failed"} <= data.keys()
    assert "documents" not in data
    assert len(report.to_dict(per_document=True)["documents"]) == 2
    json.dumps(data)


def test_evaluate_extraction_custom_extractor(tmp_path: Path) -> None:
    bench = _write_bench(tmp_path / "bench", {"d": ("<html></html>", "a b c d")})
    report = evaluate_extraction(bench, extractor=lambda html, url: "a b x d", ngram_n=1)
    assert (report.precision, report.recall) == (0.75, 0.75)


def test_missing_benchmark_folder(tmp_path: Path) -> None:
    with pytest.raises(BenchmarkDataError, match="benchmark folder not found"):
        evaluate_extraction(tmp_path / "nope")


def test_missing_ground_truth(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    with pytest.raises(BenchmarkDataError, match=r"ground-truth\.json not found") as info:
        evaluate_extraction(tmp_path)
    assert isinstance(info.value, ClaimledgerError)


def test_missing_page(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "ground-truth.json").write_text('{"x": {"url": null, "articleBody": "y"}}', encoding="utf-8")
    with pytest.raises(BenchmarkDataError, match=r"x\.html\.gz"):
        evaluate_extraction(tmp_path)


# --- the real benchmark -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_real_benchmark_f1_floor(gold_data) -> None:
    """4-gram shingle macro F1 over the 181 pages; floor and figure in tests/eval_baseline.json."""
    report = evaluate_extraction(gold_data("extraction-benchmark") / "article-extraction-benchmark")
    assert report.n_documents == 181
    assert report.n_failed == 0, report.failures
    baseline.check({"extraction.f1": report.f1}, report.to_dict())


def test_plain_text_is_not_html() -> None:
    with pytest.raises(ExtractionError, match=r"^no article text found in the HTML \(the input is not HTML\)$"):
        extract_html("A plain-text report that mentions HTML, and that a < b but 3 > 2.\n\nSecond paragraph.")
