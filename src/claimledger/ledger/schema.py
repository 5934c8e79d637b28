"""The ledger's schema: tables and the migrations that build them, in version order.

Migrations are registered functions; ``Ledger.migrate`` runs the pending ones and records each in
``schema_migrations``. Columns added after the first version are declared in ``LATER_COLUMNS`` so that
queries see the whole schema while the migration that adds them stays explicit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

metadata = sa.MetaData()

schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("applied_at", sa.String(40), nullable=False),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("read_at", sa.String(40), nullable=False),
    sa.Column("media_type", sa.String(40), nullable=False),
    sa.Column("encoding", sa.String(40)),
    sa.Column("size", sa.Integer, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, unique=True
    ),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("author", sa.Text),
    sa.Column("site", sa.Text),
    sa.Column("published", sa.String(40)),
    sa.Column("url", sa.Text),
    sa.Column("language", sa.String(20)),
    sa.Column("additional_sources", sa.Text, nullable=False, server_default="[]"),  # JSON list
    sa.Column("boilerplate", sa.Text, nullable=False, server_default="[]"),  # JSON list of regions
    sa.Column("analyzed_at", sa.String(40), nullable=False),
)

attributions = sa.Table(
    "attributions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),  # index in Article.attributions
    sa.Column("kind", sa.String(30), nullable=False),
    sa.Column("source_start", sa.Integer),
    sa.Column("source_end", sa.Integer),
    sa.Column("source_text", sa.Text),
    sa.Column("cue_start", sa.Integer),
    sa.Column("cue_end", sa.Integer),
    sa.Column("cue_text", sa.Text),
    sa.Column("content", sa.Text, nullable=False),  # JSON list of spans
    sa.Column("content_text", sa.Text, nullable=False),  # the content fragments joined, for search
    sa.Column("parent_position", sa.Integer),
    sa.Column("chain", sa.Text, nullable=False, server_default="[]"),  # JSON list of spans
    sa.Column("actor", sa.Text),
    sa.Column("confidence", sa.Float, nullable=False, server_default="1.0"),
    sa.UniqueConstraint("article_id", "position"),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False, unique=True),  # canonical name: actors merge across the ledger
    sa.Column("type", sa.String(30), nullable=False),
    sa.Column("aliases", sa.Text, nullable=False, server_default="[]"),  # JSON list, the union of all seen
    sa.Column("country", sa.String(2)),
)

# How often each form names an actor, and in how many articles (``actors.aliases`` is the bare union).
actor_aliases = sa.Table(
    "actor_aliases",
    metadata,
    sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("alias", sa.Text, primary_key=True),
    sa.Column("mentions", sa.Integer, nullable=False, server_default="0"),
    sa.Column("articles", sa.Integer, nullable=False, server_default="0"),
)

signatures = sa.Table(
    "signatures",
    metadata,
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("hashvalues", sa.LargeBinary, nullable=False),  # MinHash, uint32 little-endian
    sa.Column("size", sa.Integer, nullable=False),  # distinct shingles
    sa.Column("content_hash", sa.String(64), nullable=False, index=True),
)

lsh_buckets = sa.Table(
    "lsh_buckets",
    metadata,
    sa.Column("band", sa.Integer, nullable=False),
    sa.Column("bucket", sa.BigInteger, nullable=False),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Index("ix_lsh_buckets_bucket", "bucket"),
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("text", sa.Text, nullable=False),  # the first member's content: a readable label
    sa.Column("vector_sum", sa.LargeBinary, nullable=False),  # float32 sum of member embeddings (centroid ∝)
    sa.Column("members", sa.Integer, nullable=False, server_default="0"),
    sa.Column("polarity", sa.Integer, nullable=False, server_default="1"),  # 1 asserts, -1 negates
    sa.Column("places", sa.Text, nullable=False, server_default="[]"),  # JSON: the founding member's places
    sa.Column("units", sa.Text, nullable=False, server_default="[]"),  # JSON: … and quantity units
    sa.Column("created_at", sa.String(40), nullable=False),
)

claim_members = sa.Table(
    "claim_members",
    metadata,
    sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("attribution_id", sa.Integer, sa.ForeignKey("attributions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("similarity", sa.Float, nullable=False),  # to the claim when it joined
)

# The analysts' review log: append-only (the library inserts, never updates or deletes; the database refuses
# both), one row per change of a claim's review status and/or note; ``claims.review_status`` is the latest status.
review_log = sa.Table(
    "review_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id"), nullable=False),  # a reviewed claim stays
    sa.Column("status", sa.String(20)),  # NULL: a note alone, the status unchanged
    sa.Column("note", sa.Text),
    sa.Column("reviewer", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Index("ix_review_log_claim", "claim_id", "id"),
)

# Columns added by later migrations, declared on the tables so that queries can use them.
LATER_COLUMNS: dict[int, list[tuple[str, sa.Column[Any]]]] = {
    2: [
        ("articles", sa.Column("record", sa.Text)),  # the full Article as JSON, less its text
        ("attributions", sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id"))),
        ("attributions", sa.Column("actor_type", sa.String(30))),
        ("attributions", sa.Column("verification_status", sa.String(20))),
    ],
    3: [
        ("articles", sa.Column("copy_of", sa.Integer, sa.ForeignKey("articles.id"))),
        ("articles", sa.Column("copy_similarity", sa.Float)),
    ],
    4: [("actors", sa.Column("affiliation", sa.Text))],
    6: [("claims", sa.Column("independent_origins", sa.Integer))],  # kept current by ingest
    7: [("articles", sa.Column("claims_linked_at", sa.String(40)))],  # NULL: its claims are not linked yet
    9: [
        ("actors", sa.Column("key", sa.Text)),  # what actors merge on: "person:donald trump", "outlet:nytimes"
        ("actors", sa.Column("surname", sa.Text)),  # a person's case-folded surname: "Trump" alone may join
    ],
    10: [("claims", sa.Column("review_status", sa.String(20)))],  # the latest status in review_log; NULL: unreviewed
    11: [  # each claim's summary, kept by linking (NULL: not summarised yet; ``check --repair`` fills it)
        ("claims", sa.Column("articles", sa.Integer)),
        ("claims", sa.Column("outlets", sa.Integer)),
        ("claims", sa.Column("first_seen", sa.String(40))),
        ("claims", sa.Column("last_seen", sa.String(40))),
        ("claims", sa.Column("disagreement", sa.Boolean)),
        ("actors", sa.Column("n_attributions", sa.Integer)),  # what the actors list sorts by
        ("actors", sa.Column("n_claims", sa.Integer)),
    ],
    # each claim's independent origins by name (JSON: name, unverifiable, why), kept with its other figures so a
    # list names them without walking provenance (NULL: not summarised yet)
    15: [("claims", sa.Column("origin_names", sa.Text))],
    # the founding content's own vector, then one per sentence of it (float32, 384 each): what a new content is
    # judged against, kept so that a claim loaded from the ledger is not embedded again (NULL: an older claim,
    # embedded from its text when first a candidate)
    16: [("claims", sa.Column("founder_vectors", sa.LargeBinary))],
    # the members that assert the claim in other words than its founding content (at most four): JSON list of
    # text, polarity, places and units, and their vectors (float32, 384 each: each one's own, then one per sentence
    # of it); a new content matched against the claim is judged against these too (NULL: none yet)
    17: [
        ("claims", sa.Column("representatives", sa.Text)),
        ("claims", sa.Column("representative_vectors", sa.LargeBinary)),
    ],
}
for _columns in LATER_COLUMNS.values():
    for _table, _column in _columns:
        metadata.tables[_table].append_column(_column)

Migration = Callable[[Connection], None]
MIGRATIONS: list[tuple[int, str, Migration]] = []


def migration(version: int, name: str) -> Callable[[Migration], Migration]:
    """Register a schema migration; they run once each, in version order."""

    def register(fn: Migration) -> Migration:
        MIGRATIONS.append((version, name, fn))
        return fn

    return register


def _add_columns(conn: Connection, version: int) -> None:
    for table_name, column in LATER_COLUMNS[version]:
        ddl = column.type.compile(dialect=conn.dialect)
        fk = "".join(f" REFERENCES {fk.target_fullname.replace('.', '(')})" for fk in column.foreign_keys)
        conn.exec_driver_sql(f"ALTER TABLE {table_name} ADD COLUMN {column.name} {ddl}{fk}")


def _create(conn: Connection, *tables: sa.Table) -> None:
    """Create tables as first designed: without the columns that later migrations add, with their keys."""
    later = {(t, c.name) for columns in LATER_COLUMNS.values() for t, c in columns}
    scratch = sa.MetaData()
    for table in tables:
        columns = [c for c in table.columns if (table.name, c.name) not in later]
        uniques = [
            sa.UniqueConstraint(*(col.name for col in c.columns))
            for c in list(table.constraints)
            if isinstance(c, sa.UniqueConstraint) and len(c.columns) > 1
        ]
        keys = [
            sa.ForeignKeyConstraint([fk.parent.name], [fk.target_fullname], ondelete=fk.ondelete)
            for c in columns
            for fk in c.foreign_keys
        ]
        sa.Table(table.name, scratch, *(c._copy() for c in columns), *uniques, *keys)
    for table in tables:  # tables of earlier migrations that these refer to: stubs, so the keys resolve
        for fk in table.foreign_keys:
            target = fk.target_fullname.split(".")[0]
            if target not in scratch.tables:
                sa.Table(target, scratch, sa.Column("id", sa.Integer, primary_key=True))
    for name in [t.name for t in tables]:
        scratch.tables[name].create(conn)


@migration(1, "documents, articles and attributions")
def _initial(conn: Connection) -> None:
    _create(conn, documents, articles, attributions)


@migration(2, "full article records, actors merged across the ledger")
def _actors(conn: Connection) -> None:
    _create(conn, actors)
    _add_columns(conn, 2)


@migration(3, "copies: MinHash signatures, LSH buckets, copy_of")
def _copies(conn: Connection) -> None:
    signatures.create(conn)
    lsh_buckets.create(conn)
    _add_columns(conn, 3)


@migration(4, "claims across articles")
def _claims(conn: Connection) -> None:
    _create(conn, claims, claim_members)
    _add_columns(conn, 4)


@migration(5, "full-text search over attribution contents (FTS5 on SQLite, tsvector on PostgreSQL)")
def _search(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE attributions_fts USING fts5(content_text, content='attributions', content_rowid='id')"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER attributions_fts_insert AFTER INSERT ON attributions BEGIN "
            "INSERT INTO attributions_fts(rowid, content_text) VALUES (new.id, new.content_text); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER attributions_fts_delete AFTER DELETE ON attributions BEGIN "
            "INSERT INTO attributions_fts(attributions_fts, rowid, content_text) "
            "VALUES ('delete', old.id, old.content_text); END"
        )
        conn.exec_driver_sql("INSERT INTO attributions_fts(attributions_fts) VALUES ('rebuild')")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE INDEX ix_attributions_content_tsv ON attributions USING gin (to_tsvector('english', content_text))"
        )


# Views for the common questions, so the ledger reads well in Datasette, DuckDB or any SQL client.
VIEWS = {
    "claim_overview": """
        SELECT c.id AS claim_id, c.text AS claim, c.independent_origins, c.members,
               COUNT(DISTINCT a.article_id) AS articles, MIN(ar.published) AS first_seen,
               MAX(ar.published) AS last_seen
        FROM claims c
        JOIN claim_members m ON m.claim_id = c.id
        JOIN attributions a ON a.id = m.attribution_id
        JOIN articles ar ON ar.id = a.article_id
        GROUP BY c.id, c.text, c.independent_origins, c.members""",
    "actor_claims": """
        SELECT ac.id AS actor_id, ac.name AS actor, ac.type, COUNT(DISTINCT a.id) AS attributions,
               COUNT(DISTINCT m.claim_id) AS claims, COUNT(DISTINCT a.article_id) AS articles
        FROM actors ac
        JOIN attributions a ON a.actor_id = ac.id
        LEFT JOIN claim_members m ON m.attribution_id = a.id
        GROUP BY ac.id, ac.name, ac.type""",
    "copies": """
        SELECT c.id AS article_id, c.title, c.url, d.origin, c.copy_of AS original_id, o.title AS original_title,
               o.url AS original_url, c.copy_similarity AS similarity
        FROM articles c
        JOIN articles o ON o.id = c.copy_of
        JOIN documents d ON d.id = c.document_id""",
}


@migration(6, "independent origins kept on claims; views: claim_overview, actor_claims, copies")
def _views(conn: Connection) -> None:
    _add_columns(conn, 6)
    for name, sql in VIEWS.items():
        conn.exec_driver_sql(f"CREATE VIEW {name} AS {sql}")


@migration(7, "articles record when their claims were linked (a re-run links those left unlinked)")
def _linked(conn: Connection) -> None:
    _add_columns(conn, 7)
    conn.exec_driver_sql("CREATE INDEX ix_articles_claims_linked_at ON articles (claims_linked_at)")
    linked = sa.select(attributions.c.article_id).join(
        claim_members, claim_members.c.attribution_id == attributions.c.id
    )
    conn.execute(articles.update().where(articles.c.id.in_(linked)).values(claims_linked_at=articles.c.analyzed_at))


@migration(8, "indexes for the web's lists: claims by independent origins, attributions by actor")
def _list_indexes(conn: Connection) -> None:
    # a claims list sorted by origins (most first, unknown last, ties by id) reads this index alone, and so
    # does counting the claims (the table's rows carry their vectors); PostgreSQL says where NULLs go
    nulls = " NULLS LAST" if conn.dialect.name == "postgresql" else ""  # SQLite: NULLs come last in DESC
    conn.exec_driver_sql(f"CREATE INDEX ix_claims_independent_origins ON claims (independent_origins DESC{nulls}, id)")
    conn.exec_driver_sql("CREATE INDEX ix_attributions_actor_id ON attributions (actor_id)")  # the actors' counts
    conn.exec_driver_sql("CREATE INDEX ix_attributions_actor ON attributions (actor)")  # claims by an actor


@migration(9, "actors merged by key (a person's given name and surname, an outlet's reduced name); alias counts")
def _actor_keys(conn: Connection) -> None:
    from claimledger.ledger.keys import actor_key  # loads the name rules only when an older ledger migrates

    _add_columns(conn, 9)
    _create(conn, actor_aliases)
    for row in conn.execute(sa.select(actors.c.id, actors.c.name, actors.c.type)).all():
        key, surname = actor_key(row.name, row.type)
        conn.execute(actors.update().where(actors.c.id == row.id).values(key=key, surname=surname))
    conn.exec_driver_sql("CREATE INDEX ix_actors_key ON actors (key)")
    conn.exec_driver_sql("CREATE INDEX ix_actors_surname ON actors (surname)")


APPEND_ONLY = "the review log is append-only"


@migration(10, "the analysts' review log (append-only) and each claim's current review status")
def _reviews(conn: Connection) -> None:
    _add_columns(conn, 10)
    conn.exec_driver_sql("CREATE INDEX ix_claims_review_status ON claims (review_status)")
    review_log.create(conn)  # with its index: a claim's log in order
    if conn.dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            conn.exec_driver_sql(
                f"CREATE TRIGGER review_log_no_{event.lower()} BEFORE {event} ON review_log "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE FUNCTION review_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER review_log_append_only BEFORE UPDATE OR DELETE ON review_log "
            "FOR EACH ROW EXECUTE FUNCTION review_log_append_only()"
        )


@migration(11, "claim summaries and actor counts kept; keyset indexes; full-text search of bodies and claims")
def _summaries(conn: Connection) -> None:
    _add_columns(conn, 11)
    nulls = " NULLS LAST" if conn.dialect.name == "postgresql" else ""  # SQLite: NULLs come last in DESC
    conn.exec_driver_sql(f"CREATE INDEX ix_claims_articles ON claims (articles DESC{nulls}, id)")
    conn.exec_driver_sql(f"CREATE INDEX ix_claims_last_seen ON claims (last_seen DESC{nulls}, id)")
    conn.exec_driver_sql(
        f"CREATE INDEX ix_actors_counts ON actors (n_claims DESC{nulls}, n_attributions DESC{nulls}, name)"
    )
    conn.exec_driver_sql("CREATE INDEX ix_articles_site ON articles (site)")  # the outlets menu
    # an older ledger's actor counts, in one statement (ledger.summaries keeps them from then on)
    conn.exec_driver_sql(
        "UPDATE actors SET n_attributions = (SELECT count(*) FROM attributions a WHERE a.actor_id = actors.id), "
        "n_claims = (SELECT count(DISTINCT m.claim_id) FROM attributions a "
        "JOIN claim_members m ON m.attribution_id = a.id WHERE a.actor_id = actors.id)"
    )
    if conn.dialect.name == "sqlite":
        for table, columns in FTS_TABLES.items():
            fts = f"{table}_fts"
            names = ", ".join(columns)
            new = ", ".join(f"new.{c}" for c in columns)
            old = ", ".join(f"old.{c}" for c in columns)
            conn.exec_driver_sql(
                f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', content_rowid='id')"
            )
            conn.exec_driver_sql(
                f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
                f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END"
            )
            conn.exec_driver_sql(
                f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
                f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); END"
            )
            conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    elif conn.dialect.name == "postgresql":
        for table, columns in FTS_TABLES.items():
            conn.exec_driver_sql(f"CREATE INDEX ix_{table}_tsv ON {table} USING gin ({tsvector(columns)})")


# What full-text search reads besides the attributions (migration 5): article bodies and titles, claim statements.
FTS_TABLES = {"articles": ("title", "text"), "claims": ("text",)}


def tsvector(columns: tuple[str, ...]) -> str:
    """PostgreSQL's indexed document of ``columns`` (a query must spell it the same to use the index)."""
    return "to_tsvector('english', " + " || ' ' || ".join(f"coalesce({c}, '')" for c in columns) + ")"


# ------------------------------------------------------------------------------------------------ migration 12
# A generation counter of the claims: every change to a claim's matching state (founded, extended, removed, a
# member linked or unlinked) bumps it, by trigger, in the changing transaction, whoever writes (another ingest, a
# ``check --repair``, a hand edit). A writer's claim index compares it with the value it last saw: one row read
# per article instead of aggregating the claims table (``ClaimIndex.sync``).
ledger_counters = sa.Table(
    "ledger_counters",
    metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False, server_default="0"),
)
CLAIMS_GENERATION = "claims"
CLAIM_STATE = ("text", "vector_sum", "members", "polarity", "places", "units")  # what matching reads of a claim

# One row per link of an attribution's chain ("X, citing Y"): the upstream name as the provenance has it (the
# link's actor's name, else its text), indexed, so "cited upstream" on an actor page is an index lookup instead
# of a scan of every chain. Filled by trigger from ``attributions.chain`` (written once, when the attribution is
# stored), so every way in fills it alike and migration 12's backfill is the same statement.
chain_links = sa.Table(
    "chain_links",
    metadata,
    sa.Column("attribution_id", sa.Integer, sa.ForeignKey("attributions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Index("ix_chain_links_name", "name", "attribution_id"),
)

# PostgreSQL keeps each searchable row's tsvector in a stored generated column (GIN-indexed): a search reads
# the vectors, never computes one per body. SQLite keeps its FTS5 tables. Not declared on the tables above (a
# SQLite ledger has no such column); :func:`search_vector` names it for the queries.
SEARCH_VECTOR = "search_vector"

_CHAIN_LINKS_SQLITE = (
    "INSERT INTO chain_links (attribution_id, position, name) "
    "SELECT {id}, CAST(j.key AS INTEGER), coalesce(json_extract(j.value, '$.actor.name'), "
    "json_extract(j.value, '$.text')) FROM json_each({chain}) AS j "
    "WHERE coalesce(json_extract(j.value, '$.actor.name'), json_extract(j.value, '$.text')) IS NOT NULL"
)
_CHAIN_LINKS_POSTGRES = (
    "INSERT INTO chain_links (attribution_id, position, name) "
    "SELECT {id}, j.n - 1, coalesce(j.value -> 'actor' ->> 'name', j.value ->> 'text') "
    "FROM jsonb_array_elements(CAST({chain} AS jsonb)) WITH ORDINALITY AS j(value, n) "
    "WHERE coalesce(j.value -> 'actor' ->> 'name', j.value ->> 'text') IS NOT NULL"
)


def search_vector(table: str) -> str:
    """The stored tsvector column of ``table`` on PostgreSQL (migration 12): what a full-text query matches."""
    return f"{table}.{SEARCH_VECTOR}"


@migration(12, "claims generation counter; chain links indexed; stored tsvectors on PostgreSQL")
def _generation_links_vectors(conn: Connection) -> None:
    ledger_counters.create(conn)
    conn.execute(ledger_counters.insert().values(name=CLAIMS_GENERATION, value=0))
    chain_links.create(conn)  # with its index
    bump = f"UPDATE ledger_counters SET value = value + 1 WHERE name = '{CLAIMS_GENERATION}'"
    state = ", ".join(CLAIM_STATE)
    if conn.dialect.name == "sqlite":
        for table, event in (("claims", "INSERT"), ("claims", "DELETE"), ("claims", f"UPDATE OF {state}"),
                             ("claim_members", "INSERT"), ("claim_members", "DELETE"),
                             ("claim_members", "UPDATE")):  # fmt: skip
            name = f"{table}_generation_{event.split()[0].lower()}"
            conn.exec_driver_sql(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {bump}; END")
        fill = _CHAIN_LINKS_SQLITE.format(id="new.id", chain="new.chain")
        conn.exec_driver_sql(f"CREATE TRIGGER attributions_chain_links AFTER INSERT ON attributions BEGIN {fill}; END")
        conn.exec_driver_sql(_CHAIN_LINKS_SQLITE.format(id="a.id", chain="a.chain").replace(
            "FROM json_each(a.chain) AS j", "FROM attributions AS a, json_each(a.chain) AS j"
        ) + " AND a.chain != '[]'")  # fmt: skip
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE OR REPLACE FUNCTION claims_generation_bump() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {bump}; RETURN NULL; END $$"
        )
        for table, events in (("claims", f"INSERT OR DELETE OR UPDATE OF {state}"),
                              ("claim_members", "INSERT OR DELETE OR UPDATE")):  # fmt: skip
            conn.exec_driver_sql(
                f"CREATE TRIGGER {table}_generation AFTER {events} ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION claims_generation_bump()"
            )
        fill = _CHAIN_LINKS_POSTGRES.format(id="NEW.id", chain="NEW.chain")
        conn.exec_driver_sql(
            "CREATE OR REPLACE FUNCTION attributions_chain_links() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN IF NEW.chain <> '[]' THEN {fill}; END IF; RETURN NULL; END $$"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER attributions_chain_links AFTER INSERT ON attributions "
            "FOR EACH ROW EXECUTE FUNCTION attributions_chain_links()"
        )
        conn.exec_driver_sql(_CHAIN_LINKS_POSTGRES.format(id="a.id", chain="a.chain").replace(
            "FROM jsonb_array_elements", "FROM attributions AS a, jsonb_array_elements"
        ) + " AND a.chain <> '[]'")  # fmt: skip
        for table, columns in FTS_TABLES.items():
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS ix_{table}_tsv")  # migration 11's expression index
            conn.exec_driver_sql(
                f"ALTER TABLE {table} ADD COLUMN {SEARCH_VECTOR} tsvector "
                f"GENERATED ALWAYS AS ({tsvector(columns)}) STORED"
            )
            conn.exec_driver_sql(f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin ({SEARCH_VECTOR})")


# ------------------------------------------------------------------------------------------------ migration 13
# The lists' totals, kept by trigger in the transaction that changes the rows (whoever writes: ingest, import,
# batch, a repair, a deletion, a hand edit), so a page reads one row instead of counting the table:
# ``ledger_totals`` holds the articles and the listed actors (those with attributions, or not counted yet), and
# ``claim_origin_counts`` how many claims have each number of independent origins (NULL, not summarised yet,
# counts as 0), which gives the claim list's total and its ``min_origins`` totals alike.
# ``claimledger check`` recounts both and ``--repair`` rewrites them (:mod:`claimledger.ledger.totals`).
ledger_totals = sa.Table(
    "ledger_totals",
    metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False, server_default="0"),
)
claim_origin_counts = sa.Table(
    "claim_origin_counts",
    metadata,
    sa.Column("origins", sa.Integer, primary_key=True),
    sa.Column("claims", sa.BigInteger, nullable=False, server_default="0"),
)
ARTICLES_TOTAL = "articles"
ACTORS_TOTAL = "actors"  # the actors the list shows: coalesce(n_attributions, 1) > 0


def _total(name: str, delta: str) -> str:
    return f"UPDATE ledger_totals SET value = value + ({delta}) WHERE name = '{name}'"


def _origin_count(origins: str, delta: int, *, sqlite: bool) -> str:
    cast = "" if sqlite else "::integer"
    return (
        f"INSERT INTO claim_origin_counts (origins, claims) VALUES (coalesce({origins}, 0){cast}, {delta}) "
        f"ON CONFLICT (origins) DO UPDATE SET claims = claim_origin_counts.claims + ({delta})"
    )


@migration(13, "the lists' totals kept by trigger: articles, listed actors, claims by independent origins")
def _totals(conn: Connection) -> None:
    ledger_totals.create(conn)
    claim_origin_counts.create(conn)
    sqlite = conn.dialect.name == "sqlite"

    def listed(row: str) -> str:
        test = f"coalesce({row}.n_attributions, 1) > 0"
        return f"({test})" if sqlite else f"CAST({test} AS integer)"

    if sqlite:
        triggers = {
            ("articles", "INSERT", ""): [_total(ARTICLES_TOTAL, "1")],
            ("articles", "DELETE", ""): [_total(ARTICLES_TOTAL, "-1")],
            ("actors", "INSERT", ""): [_total(ACTORS_TOTAL, listed("new"))],
            ("actors", "DELETE", ""): [_total(ACTORS_TOTAL, "-" + listed("old"))],
            ("actors", "UPDATE OF n_attributions", ""): [_total(ACTORS_TOTAL, f"{listed('new')} - {listed('old')}")],
            ("claims", "INSERT", ""): [_origin_count("new.independent_origins", 1, sqlite=True)],
            ("claims", "DELETE", ""): [_origin_count("old.independent_origins", -1, sqlite=True)],
            ("claims", "UPDATE OF independent_origins",
             "WHEN coalesce(old.independent_origins, 0) != coalesce(new.independent_origins, 0)"): [
                _origin_count("old.independent_origins", -1, sqlite=True),
                _origin_count("new.independent_origins", 1, sqlite=True),
            ],
        }  # fmt: skip
        for (table, event, when), body in triggers.items():
            name = f"{table}_totals_{event.split()[0].lower()}"
            statements = "".join(f"{s}; " for s in body)
            conn.exec_driver_sql(f"CREATE TRIGGER {name} AFTER {event} ON {table} {when} BEGIN {statements}END")
    elif conn.dialect.name == "postgresql":
        bodies = {
            "articles": f"IF TG_OP = 'INSERT' THEN {_total(ARTICLES_TOTAL, '1')}; "
            f"ELSE {_total(ARTICLES_TOTAL, '-1')}; END IF;",
            "actors": f"{_total(ACTORS_TOTAL, 'plus - minus')};",
            "claims": "IF TG_OP <> 'INSERT' AND (TG_OP = 'DELETE' OR coalesce(OLD.independent_origins, 0) "
            "<> coalesce(NEW.independent_origins, 0)) THEN "
            f"{_origin_count('OLD.independent_origins', -1, sqlite=False)}; END IF; "
            "IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR coalesce(OLD.independent_origins, 0) "
            "<> coalesce(NEW.independent_origins, 0)) THEN "
            f"{_origin_count('NEW.independent_origins', 1, sqlite=False)}; END IF;",
        }
        actors_prelude = (
            "DECLARE plus integer := 0; minus integer := 0; BEGIN "
            f"IF TG_OP <> 'DELETE' THEN plus := {listed('NEW')}; END IF; "
            f"IF TG_OP <> 'INSERT' THEN minus := {listed('OLD')}; END IF; "
        )
        events = {"articles": "INSERT OR DELETE", "actors": "INSERT OR DELETE OR UPDATE OF n_attributions",
                  "claims": "INSERT OR DELETE OR UPDATE OF independent_origins"}  # fmt: skip
        for table, code in bodies.items():
            begin = actors_prelude if table == "actors" else "BEGIN "
            conn.exec_driver_sql(
                f"CREATE OR REPLACE FUNCTION {table}_totals() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ {begin}{code} RETURN NULL; END $$"
            )
            conn.exec_driver_sql(
                f"CREATE TRIGGER {table}_totals AFTER {events[table]} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_totals()"
            )
    # the backfill: what claimledger.ledger.totals.recount counts (``check`` compares the two)
    conn.exec_driver_sql(f"INSERT INTO ledger_totals (name, value) SELECT '{ARTICLES_TOTAL}', count(*) FROM articles")
    conn.exec_driver_sql(
        f"INSERT INTO ledger_totals (name, value) SELECT '{ACTORS_TOTAL}', count(*) FROM actors "
        "WHERE coalesce(n_attributions, 1) > 0"
    )
    conn.exec_driver_sql(
        "INSERT INTO claim_origin_counts (origins, claims) SELECT coalesce(independent_origins, 0), count(*) "
        "FROM claims GROUP BY coalesce(independent_origins, 0)"
    )


# ------------------------------------------------------------------------------------------------ migration 14
# A denial and the claim it denies are two claims, linked: one row per pair (``claim_id`` < ``other_id``), written
# by linking when a new content is the same as a claim but for its polarity ("X denied that …", "no repair was
# postponed"); ``attribution_id`` is the member whose content disputes the other claim.
claim_disputes = sa.Table(
    "claim_disputes",
    metadata,
    sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("other_id", sa.Integer, sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("attribution_id", sa.Integer, sa.ForeignKey("attributions.id", ondelete="CASCADE")),
    sa.Column("cosine", sa.Float, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Index("ix_claim_disputes_other", "other_id"),
)


@migration(14, "disputes: a denial and the claim it denies, linked")
def _disputes(conn: Connection) -> None:
    claim_disputes.create(conn)


@migration(15, "each claim's origins by name, kept with its summary")
def _origin_names(conn: Connection) -> None:
    _add_columns(conn, 15)


@migration(16, "each claim keeps its founding content's vectors")
def _founder_vectors(conn: Connection) -> None:
    _add_columns(conn, 16)


@migration(17, "each claim keeps the members that assert it in other words")
def _representatives(conn: Connection) -> None:
    _add_columns(conn, 17)


# ------------------------------------------------------------------------------------------------ migration 18
# A claim's articles and outlets are those of the members that assert it (``provenance.ASSERTS_COSINE``, 0.65 when
# this migration was written), as its origins are: before, every member's counted. Only a claim with a member
# further off can differ; its stored figures are cleared, so that the next writer's repair (or ``check --repair``)
# summarises it again, and the lists meanwhile show it as not summarised yet.
ASSERTS_AT_18 = 0.65


@migration(18, "a claim's articles and outlets counted over the members that assert it")
def _asserted_articles(conn: Connection) -> None:
    loose = sa.select(claim_members.c.claim_id).where(claim_members.c.similarity < ASSERTS_AT_18)
    conn.execute(claims.update().where(claims.c.id.in_(loose)).values(articles=None, outlets=None))
