from django.apps import AppConfig


class NoticesConfig(AppConfig):
    """Documents made from the ledger (the progress notice; later the plan and the report)."""

    name = "rectify.notices"
    label = "notices"
