from django.apps import AppConfig


class SignoffConfig(AppConfig):
    """Kept for its migration history only: sign-off joined the measure lifecycle in
    `rectify.measures` (its table `signoff_signoff` kept its name)."""

    name = "rectify.signoff"
    label = "signoff"
