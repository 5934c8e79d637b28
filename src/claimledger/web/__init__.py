"""The web ledger (FastAPI + Jinja2): ``claimledger serve``."""

from claimledger.web.app import create_app

__all__ = ["create_app"]
