from .enums import ADMIN_ROLES, Role
from .selectors import roles_of


def roles(request):
    """Which parts of the navigation a user sees: business pages, or their admin pages."""
    user = getattr(request, "user", None)
    held = roles_of(user) if user is not None and user.is_authenticated else set()
    return {
        "is_sysadmin": Role.SYSADMIN in held,
        "is_secadmin": Role.SECADMIN in held,
        "is_auditadmin": Role.AUDITADMIN in held,
        "does_business": bool(held - ADMIN_ROLES) or not held,
    }
