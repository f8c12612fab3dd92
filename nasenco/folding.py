"""How names are compared when people search: without accents, case or punctuation, so "Zoe OBrien" finds
"Zoë O'Brien" and "st marks" finds "St Mark's". Pure functions; the folded form is stored beside the name
(``search_name``) so a database without ``unaccent`` (the embedded SQLite) matches the same way."""

import re
import unicodedata

_APOSTROPHES = "'’‘`´"
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """``text`` lower-cased, accents and apostrophes dropped, other punctuation a single space."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c) and c not in _APOSTROPHES)
    plain = plain.casefold().replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("ł", "l")
    return _NOT_WORD.sub(" ", plain).strip()


def compact(text: str) -> str:
    """``fold`` with no spaces at all: how codes typed with or without their dashes are compared."""
    return fold(text).replace(" ", "")
