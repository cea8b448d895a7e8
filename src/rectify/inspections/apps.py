from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "rectify.inspections"
    label = "inspections"
