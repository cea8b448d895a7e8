from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "rectify.measures"
    label = "measures"
