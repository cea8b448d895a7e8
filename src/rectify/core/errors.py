"""Domain errors: raised by services, caught once by views, commands and the API."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A refused operation with a message fit to show the user (translated)."""

    default_message = _("The operation was refused.")

    def __init__(self, message=None, **params):
        self.message = message or self.default_message
        self.params = params
        super().__init__(str(self.message) % params if params else str(self.message))

    def __str__(self) -> str:
        text = str(self.message)
        return text % self.params if self.params else text


class TransitionNotAllowed(DomainError):
    default_message = _("This status change is not allowed.")


class PermissionRefused(DomainError):
    default_message = _("You do not have permission to do this.")


class ConflictError(DomainError):
    default_message = _(
        "Someone else changed this record while you were editing it. "
        "Reload the page to see their changes; your input has been kept below."
    )


class ValidationFailed(DomainError):
    default_message = _("The input is not valid.")
