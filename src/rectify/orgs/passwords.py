"""Password policy profiles. The two standards disagree, so the deployment picks one.

- ``dengbao`` (等保 2.0, default): at least 8 characters from 3 of the 4 classes (upper,
  lower, digit, symbol), changed every 90 days, none of the last 5 reused.
- ``asvs`` (OWASP ASVS 5 level 2): length only (at least 12 here, up to 128), no composition
  rules, no forced rotation, checked against a list of common/breached passwords.
Both: an initial password must be changed at first login (User.must_change_password).
"""

import string

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PROFILES = {
    "dengbao": {"min_length": 8, "classes": 3, "max_age_days": 90, "history": 5},
    "asvs": {"min_length": 12, "classes": 0, "max_age_days": None, "history": 0},
}


def profile(name: str) -> dict:
    if name not in PROFILES:
        raise ValueError(f"unknown password policy {name!r}: choose {', '.join(PROFILES)}")
    return PROFILES[name]


class CharacterClassesValidator:
    """At least `classes` of: uppercase, lowercase, digits, symbols."""

    def __init__(self, classes: int = 3):
        self.classes = classes

    def validate(self, password, user=None):
        found = sum(
            [
                any(c.isupper() for c in password),
                any(c.islower() for c in password),
                any(c.isdigit() for c in password),
                any(c in string.punctuation or not c.isalnum() for c in password),
            ]
        )
        if found < self.classes:
            raise ValidationError(self.get_help_text(), code="password_classes")

    def get_help_text(self):
        return _(
            "Your password must mix at least %(n)d of: uppercase letters, lowercase letters, "
            "digits and symbols."
        ) % {"n": self.classes}


class MaximumLengthValidator:
    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                _("Your password may have at most %(n)d characters.") % {"n": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self):
        return _("At most %(n)d characters.") % {"n": self.max_length}


class PersonalDataValidator:
    """Not built on the person: the user name (also reversed), the display name, the phone
    number (any 6 of its digits in a row) or the e-mail's local part anywhere in it."""

    def validate(self, password, user=None):
        if user is None:
            return
        lowered = password.lower()
        pieces = []
        for name in ("username", "display_name", "first_name", "last_name"):
            value = (getattr(user, name, "") or "").strip().lower()
            if len(value) >= 3 or (value and not value.isascii() and len(value) >= 2):
                pieces += [value, value[::-1]]
        email = (getattr(user, "email", "") or "").split("@")[0].lower()
        if len(email) >= 3:
            pieces.append(email)
        digits = "".join(c for c in str(getattr(user, "phone", "") or "") if c.isdigit())
        pieces += [digits[i : i + 6] for i in range(0, max(0, len(digits) - 5))]
        if any(piece and piece in lowered for piece in pieces):
            raise ValidationError(self.get_help_text(), code="password_personal_data")

    def get_help_text(self):
        return _(
            "Your password must not contain your user name, your name, your phone number "
            "or your e-mail address."
        )


class HistoryValidator:
    """None of the user's last `history` passwords may be used again."""

    def __init__(self, history: int = 5):
        self.history = history

    def validate(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return

        from .models import PasswordHistory  # noqa: PLC0415  (settings import this module)

        recent = PasswordHistory.objects.filter(user=user).order_by("-created_at", "-pk")
        for old in recent[: self.history]:
            if check_password(password, old.password):
                raise ValidationError(
                    ngettext(
                        "You used this password recently; choose one you have not used "
                        "in your last %(n)d password.",
                        "You used this password recently; choose one you have not used "
                        "in your last %(n)d passwords.",
                        self.history,
                    )
                    % {"n": self.history},
                    code="password_reused",
                )

    def password_changed(self, password, user=None):
        """Called by Django after a successful change: remember the new hash."""
        if user is None or not getattr(user, "pk", None):
            return

        from .models import PasswordHistory  # noqa: PLC0415  (settings import this module)

        latest = PasswordHistory.objects.filter(user=user).order_by("-created_at", "-pk").first()
        if latest is None or latest.password != user.password:
            PasswordHistory.objects.create(user=user, password=user.password)
        keep = PasswordHistory.objects.filter(user=user).order_by("-created_at", "-pk")
        stale = list(keep.values_list("pk", flat=True)[self.history :])
        PasswordHistory.objects.filter(pk__in=stale).delete()

    def get_help_text(self):
        return _("Not one of your last %(n)d passwords.") % {"n": self.history}


def validators_for(name: str) -> list[dict]:
    """AUTH_PASSWORD_VALIDATORS for a profile."""
    spec = profile(name)
    base = "django.contrib.auth.password_validation."
    validators = [
        {"NAME": base + "UserAttributeSimilarityValidator"},
        {"NAME": "rectify.orgs.passwords.PersonalDataValidator"},
        {"NAME": base + "MinimumLengthValidator", "OPTIONS": {"min_length": spec["min_length"]}},
        {"NAME": "rectify.orgs.passwords.MaximumLengthValidator"},
        {"NAME": base + "CommonPasswordValidator"},
        {"NAME": base + "NumericPasswordValidator"},
    ]
    if spec["classes"]:
        validators.append(
            {
                "NAME": "rectify.orgs.passwords.CharacterClassesValidator",
                "OPTIONS": {"classes": spec["classes"]},
            }
        )
    if spec["history"]:
        validators.append(
            {
                "NAME": "rectify.orgs.passwords.HistoryValidator",
                "OPTIONS": {"history": spec["history"]},
            }
        )
    return validators
