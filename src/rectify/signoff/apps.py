from django.apps import AppConfig


class SignoffConfig(AppConfig):
    name = "rectify.signoff"
    label = "signoff"

    def ready(self):
        # The measure page shows the sign-off panels; measures does not import signoff.
        from rectify.measures.views.detail import PANEL_FORM_FACTORIES

        from .views import panel_forms

        if panel_forms not in PANEL_FORM_FACTORIES:
            PANEL_FORM_FACTORIES.append(panel_forms)
