"""Shared fixtures: the data beside the repository (../shared), the gold data of the evaluation gates, the
examples, a CLI runner; the hypothesis profiles; ``make test``'s rule that nothing skips."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from typer.testing import CliRunner

from tests import baseline
from tests.baseline import REPO, SHARED

pytest_plugins = ["tests.browser"]  # the browser tests' fixtures: browser, page

SEED = SHARED / "seed" / "000_c3fa321088b797c0.txt"
EXAMPLES = REPO / "examples"

# Property-based tests (hypothesis, and schemathesis on top of it) draw the same examples on every run: the seed
# comes from each test's own code (derandomize), and no example database on disk replays what an earlier run
# found, so the outcome depends on neither run order nor time. `make explore` draws freely, many more examples
# (`--hypothesis-profile=explore`); what it finds becomes an explicit example or a fix.
hypothesis_settings.register_profile(
    "deterministic", derandomize=True, database=None, max_examples=20, deadline=None, print_blob=True
)
hypothesis_settings.register_profile(
    "explore", derandomize=False, database=None, max_examples=300, deadline=None, print_blob=True
)
hypothesis_settings.load_profile("deterministic")


def pytest_collection_finish(session: pytest.Session) -> None:
    """Hypothesis also draws constants it finds in the source of the local modules imported so far, so a
    property test's draws would depend on which tests were collected or ran before it. Importing every module
    of the package before any property test runs makes that pool the whole package, whatever the command."""
    if any(item.get_closest_marker("property") for item in session.items):
        import importlib
        import pkgutil

        import claimledger

        for module in pkgutil.walk_packages(claimledger.__path__, "claimledger."):
            if not module.name.endswith(".__main__"):  # running it would start the CLI
                importlib.import_module(module.name)


class NoSkips:
    """``make test`` (``CLAIMLEDGER_NO_SKIPS=1``) turns any skip into a failure: a clean clone runs every test, the
    gates included. Registered as a plugin, so it covers the doctests under src/ too."""

    @staticmethod
    def _fail(report: pytest.CollectReport | pytest.TestReport) -> None:
        if report.skipped and not hasattr(report, "wasxfail"):
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            report.outcome = "failed"
            report.longrepr = f"skipped, and `make test` allows no skip (CLAIMLEDGER_NO_SKIPS=1): {reason}"

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
        report = yield
        self._fail(report)
        return report

    @pytest.hookimpl(wrapper=True)
    def pytest_make_collect_report(self, collector: pytest.Collector):  # type: ignore[no-untyped-def]
        report = yield
        self._fail(report)
        return report


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CLAIMLEDGER_NO_SKIPS") == "1" and not config.pluginmanager.has_plugin("claimledger-no-skips"):
        config.pluginmanager.register(NoSkips(), "claimledger-no-skips")


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    """The gates measured in this run beside the baseline's figure and floor (tests/eval_baseline.json)."""
    if not baseline.MEASURED:
        return
    gates = baseline.load()["gates"]
    terminalreporter.section("evaluation gates: measured · figure · floor (tests/eval_baseline.json)")
    for name, score in sorted(baseline.MEASURED.items()):
        gate = gates[name]
        note = "" if abs(score - gate["figure"]) < 0.0015 else "  (differs from the figure: re-measure and record)"
        status = "ok" if score >= gate["floor"] else "UNDER FLOOR"
        figures = f"{score:.4f} · {gate['figure']:.4f} · {gate['floor']:.4f}"
        terminalreporter.write_line(f"{name:40} {figures}  {status}{note}")


def need(path: Path) -> Path:
    """``path``, or a failure saying it is absent: the tests never skip for want of ../shared."""
    if not path.exists():
        pytest.fail(f"{path} is absent: the tests need ../shared/data beside the repository", pytrace=False)
    return path


@pytest.fixture(scope="session")
def gold_data() -> Callable[[str], Path]:
    """``gold_data(name)``: the root of gold set ``name`` of tests/eval_baseline.json, once its fingerprint matches
    (each set is hashed once per session); ``gold data missing: …`` / ``gold data changed: …`` fail the test."""
    data = baseline.load()

    def verify(name: str) -> Path:
        try:
            return baseline.verify(name, data)
        except baseline.GoldDataError as exc:
            problem = str(exc)
        pytest.fail(problem, pytrace=False)

    return verify


@pytest.fixture(scope="session")
def seed_text() -> str:
    return need(SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_article(seed_text: str):
    import claimledger

    return claimledger.analyze(seed_text, published="2024-10-17")


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def cli(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run ``claimledger ARGS`` in-process against a ledger in tmp_path; returns the Click result."""
    from claimledger.cli import app, register

    register()
    monkeypatch.setenv("CLAIMLEDGER_DB", str(tmp_path / "ledger.db"))

    def run(*args: str, input: str | bytes | None = None):
        return runner.invoke(app, list(args), input=input)

    return run


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path):
    """A fresh, empty ledger on each backend: a SQLite file, and a new database on the test PostgreSQL server
    (``make test`` starts one with scripts/with-postgres.sh and sets CLAIMLEDGER_TEST_POSTGRES)."""
    if request.param == "sqlite":
        yield str(tmp_path / "ledger.db")
        return
    import os
    import uuid

    import sqlalchemy as sa

    server = os.environ.get("CLAIMLEDGER_TEST_POSTGRES")
    if not server:
        pytest.skip("no PostgreSQL server: run the suite with `make test` (scripts/with-postgres.sh starts one)")
    name = f"ledger_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    url = server.rsplit("/", 1)[0] + "/" + name
    yield url
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()
