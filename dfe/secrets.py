"""The DfE bearer token, sealed at rest (nasenco.secrets). Only ``reveal`` turns it back, for the client's
header."""

from nasenco import secrets

PURPOSE = b"nasenco.dfe.token"


def seal(token: str) -> str:
    return secrets.seal(token, purpose=PURPOSE)


def reveal(sealed: str) -> str:
    return secrets.reveal(sealed, purpose=PURPOSE)
