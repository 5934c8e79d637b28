"""Domain errors: each carries one readable line for the user (the CLI prints it, never a traceback)."""


class ClaimledgerError(Exception):
    """Base class of every error claimledger raises on purpose."""


class InputError(ClaimledgerError):
    """An input cannot be read: empty, binary, too large, undecodable or unreadable."""


class ExtractionError(ClaimledgerError):
    """HTML yielded no article text."""


class StoreError(ClaimledgerError):
    """The ledger cannot be opened or written."""
