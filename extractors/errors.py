"""Exceptions of the read stage. They carry a stable code and a message for the user."""

from __future__ import annotations


class ReadError(Exception):
    """The file could not be read at all (encrypted, corrupt, not a document).

    ``code`` is one of the contract's error codes; ``message`` says what
    happened and what the user can do, in Bahasa Indonesia.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
