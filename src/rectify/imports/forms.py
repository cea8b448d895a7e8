from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Notice file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.html,.htm"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(".txt, .docx or .html, at most %(mb)s MB") % {
            "mb": settings.RECTIFY_IMPORT_MAX_BYTES // 1048576
        }
