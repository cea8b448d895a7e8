from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Documents read into the ledger. The label stays "documents" so tables keep their names."""

    name = "rectify.imports"
    label = "documents"
