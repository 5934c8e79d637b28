"""The language an article is written in, detected from its text, and whether the pipeline reads it.

The detector is py3langid (a maintained fork of langid.py, by trafilatura's author): a naive Bayes model over
byte n-grams for 97 languages, shipped inside the package (a 3 MB file), so nothing is downloaded at run time;
with normalised probabilities it gives a confidence, and a whole article takes about a millisecond.

The parse and attribution stages are English (spaCy's ``en_core_web_sm``, an English lexicon, a tagger trained on
English news): an article detected, with confidence, in another language is stored and flagged ("not analysed:
Russian") instead of being read with the wrong grammar.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

ANALYSED_LANGUAGES: frozenset[str] = frozenset({"en"})
"""The languages the parse and attribution stages read."""

MIN_LETTERS = 40
"""Under this many letters the detector is not asked: a sentence fragment's language is a guess."""

MIN_CONFIDENCE = 0.9
"""An article is set aside only when the detector is at least this sure that it is in none of the languages read
(Indonesian and Malay share their probability, so the top language alone may be less sure than that)."""

SAMPLE_CHARS = 20_000
"""The detector reads at most this much of the text (its confidence settles long before)."""

NO_LANGUAGE = "zxx"  # the detector's "no linguistic content" (code, markup)

_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)

# ISO 639-1 codes the detector returns → English names, for "not analysed: Russian".
LANGUAGE_NAMES: dict[str, str] = {
    "af": "Afrikaans", "am": "Amharic", "an": "Aragonese", "ar": "Arabic", "as": "Assamese", "az": "Azerbaijani",
    "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali", "br": "Breton", "bs": "Bosnian", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "dz": "Dzongkha", "el": "Greek", "en": "English",
    "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish",
    "fo": "Faroese", "fr": "French", "ga": "Irish", "gl": "Galician", "gu": "Gujarati", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "ht": "Haitian Creole", "hu": "Hungarian", "hy": "Armenian",
    "id": "Indonesian", "is": "Icelandic", "it": "Italian", "ja": "Japanese", "jv": "Javanese", "ka": "Georgian",
    "kk": "Kazakh", "km": "Khmer", "kn": "Kannada", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin",
    "lb": "Luxembourgish", "lo": "Lao", "lt": "Lithuanian", "lv": "Latvian", "mg": "Malagasy", "mk": "Macedonian",
    "ml": "Malayalam", "mn": "Mongolian", "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "nb": "Norwegian Bokmål",
    "ne": "Nepali", "nl": "Dutch", "nn": "Norwegian Nynorsk", "no": "Norwegian", "oc": "Occitan", "or": "Odia",
    "pa": "Punjabi", "pl": "Polish", "ps": "Pashto", "pt": "Portuguese", "qu": "Quechua", "ro": "Romanian",
    "ru": "Russian", "rw": "Kinyarwanda", "se": "Northern Sami", "si": "Sinhala", "sk": "Slovak", "sl": "Slovenian",
    "sq": "Albanian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu",
    "my": "Burmese", "fy": "Frisian", "gd": "Scottish Gaelic", "ha": "Hausa", "so": "Somali", "tg": "Tajik",
    "tt": "Tatar", "uz": "Uzbek", "yo": "Yoruba", "yue": "Cantonese", "th": "Thai", "tl": "Tagalog", "tr": "Turkish",
    "ug": "Uyghur", "uk": "Ukrainian", "ur": "Urdu",
    "vi": "Vietnamese", "vo": "Volapük", "wa": "Walloon", "xh": "Xhosa", "zh": "Chinese", "zu": "Zulu",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Detected:
    """A detected language (ISO 639-1), the detector's probability for it, and its probability for the languages
    the pipeline reads (:data:`ANALYSED_LANGUAGES`) together."""

    language: str
    confidence: float
    readable: float = 1.0


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> Detected | None:
    """The language of ``text``, or ``None`` when it has too few letters to tell.

    >>> detect("Le gouvernement a annoncé mardi une nouvelle réforme des retraites, a déclaré le ministre.").language
    'fr'
    """
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    ranked = _identifier().rank(sample)
    language, confidence = ranked[0]
    if language == NO_LANGUAGE:
        return None
    readable = sum(p for code, p in ranked if code in ANALYSED_LANGUAGES)
    return Detected(str(language), round(float(confidence), 4), round(float(readable), 4))


def language_name(code: str) -> str:
    """The English name of a language code ("ru" → "Russian"), or the code itself when unknown."""
    return LANGUAGE_NAMES.get(code, code)


def not_analysed(detected: Detected | None) -> str | None:
    """Why an article is not analysed — the name of the language it is confidently in — or ``None`` to analyse it.

    >>> [not_analysed(Detected(*d)) for d in [("ru", 0.99, 0.0), ("en", 0.99, 0.99), ("it", 0.6, 0.4)]]
    ['Russian', None, None]
    """
    if detected is None or detected.language in ANALYSED_LANGUAGES or detected.readable > 1 - MIN_CONFIDENCE:
        return None
    return language_name(detected.language)
