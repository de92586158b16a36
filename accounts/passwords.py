"""The password policy's own check, and the policy applied to passwords that commands set."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

#: Keys next to each other on a keyboard row, and the alphabet and digits in order: a password that walks
#: along them (either way) is guessed early by any cracking tool.
SEQUENCES = (
    "`1234567890-=",
    "qwertyuiop[]\\",
    "asdfghjkl;'",
    "zxcvbnm,./",
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
)
_NEIGHBOURS = {(a, b) for row in SEQUENCES for a, b in zip(row, row[1:], strict=False) for a, b in ((a, b), (b, a))}
#: Fewer unpredictable steps than this from one character to the next, and the password is refused.
MIN_BREAKS = 3


def _breaks(password):
    """The steps from one character to the next that neither repeat it nor walk a row or sequence."""
    text = password.lower()
    return sum(1 for a, b in zip(text, text[1:], strict=False) if a != b and (a, b) not in _NEIGHBOURS)


class RepetitionAndKeyboardRunValidator:
    """Refuses passwords made of one repeated character or of runs along the keyboard or the alphabet
    ("aaaaaaaaaaaa", twelve spaces, "qwertyuiop12", "123456789012"), which pass the length rule."""

    def validate(self, password, user=None):
        if _breaks(password) < MIN_BREAKS:
            raise ValidationError(
                _("This password repeats a character or runs along the keyboard or the alphabet."),
                code="password_too_predictable",
            )

    def get_help_text(self):
        return _("Your password can't be one repeated character or a run of keys such as “qwertyuiop”.")


def password_checked_for_command(password, *, user=None, source="the password"):
    """``password`` if the policy accepts it; else a CommandError that says why, so no login gets it."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise CommandError(f"{source} is refused by the password policy: {' '.join(exc.messages)}") from exc
    return password
