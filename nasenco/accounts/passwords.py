"""Refusing passwords that follow a common pattern, whatever their length (issue 25, 3).

Django's own list catches ``password1234`` but not ``Password123!``, ``Summer2026!!`` or the portal's name
with a year. zxcvbn (Dropbox's estimator: dictionaries of common passwords, names and words, plus keyboard
walks, dates, repeats and l33t substitutions) estimates how many guesses a password takes; we ask for at
least a billion (10⁹), with the person's own name and email and the portal's name counted as known words.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from zxcvbn import zxcvbn

MIN_GUESSES_LOG10 = 9
ZXCVBN_MAX_LENGTH = 100  # zxcvbn's time grows with length; a longer password is not a guessable pattern


class GuessablePasswordValidator:
    def __init__(self, min_guesses_log10: float = MIN_GUESSES_LOG10):
        self.min_guesses_log10 = min_guesses_log10

    def validate(self, password, user=None):
        if len(password) > ZXCVBN_MAX_LENGTH:
            return
        result = zxcvbn(password, user_inputs=self._known_words(user))
        if result["guesses_log10"] >= self.min_guesses_log10:
            return
        warning = (result.get("feedback") or {}).get("warning") or "It follows a pattern that is easy to guess."
        warning = warning.rstrip(".")
        raise ValidationError(
            f"This password would be easy to guess: {warning[:1].lower()}{warning[1:]}. "
            "Try three or four unrelated words, such as kettle-harbour-lantern.",
            code="password_guessable",
        )

    @staticmethod
    def _known_words(user) -> list[str]:
        words = [settings.SITE_NAME, *settings.SITE_NAME.split(), "nasenco", "senco", "npqsenco", "sendco"]
        if user is not None:
            email = getattr(user, "email", "") or ""
            words += [getattr(user, "full_name", "") or "", *(getattr(user, "full_name", "") or "").split()]
            words += [email, *email.replace("@", ".").split(".")]
        return [word for word in words if word]

    def get_help_text(self):
        return "Your password must not follow a common pattern (a word, a year and a symbol, say)."
