from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "rectify.documents"
    label = "documents"
