from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectify.core.dates import SaneDateField
from rectify.core.text import FINDING_TEXT_MAX, LONG_TEXT_MAX, TextField

from .generate import FORMATS


class NoticeOptionsForm(forms.Form):
    format = forms.ChoiceField(choices=[(f, f) for f in FORMATS], required=False)
    public = forms.BooleanField(required=False, label=_("Public version (personal data masked)"))
    renumber = forms.BooleanField(
        required=False, label=_("Renumber measures consecutively (一是, 二是, 三是 …)")
    )
    as_of = forms.DateField(
        required=False,
        label=_("Counted as of"),
        help_text=_("The ledger as it stood at the end of this day (default: today)."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_as_of(self):
        as_of = self.cleaned_data.get("as_of")
        if as_of and as_of > timezone.localdate():
            raise forms.ValidationError(_("The date counted cannot be in the future."))
        return as_of


class DraftCheckForm(forms.Form):
    text = TextField(
        label=_("Draft text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=LONG_TEXT_MAX,
        help_text=_("Paste the notice as edited by hand, or upload it below."),
    )
    file = forms.FileField(label=_("or a file (.txt, .docx, .html)"), required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Paste the draft text or choose a file."))
        return data


class NoticeTextForm(forms.Form):
    """The notice's own text, kept per inspection (everything else comes from the ledger)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    notice_title = TextField(label=_("Notice title"), max_length=300, required=False)
    issuer = TextField(label=_("Issuer"), max_length=200, required=False)
    notice_date = SaneDateField(label=_("Notice date"), required=False)
    preamble = TextField(
        label=_("Preamble"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=FINDING_TEXT_MAX,
    )
    findings_heading = TextField(
        label=_("Heading of the findings part"), max_length=300, required=False
    )
    phone = TextField(label=_("Public phone"), max_length=40, required=False)
    address = TextField(label=_("Postal address"), max_length=200, required=False)
    postcode = TextField(label=_("Postcode"), max_length=10, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = list(sections)
        for section in self.sections:
            self.fields[f"s{section.pk}-title"] = TextField(
                label=f"{section.label} {_('title')}", max_length=300, required=False
            )
            self.fields[f"s{section.pk}-text"] = TextField(
                label=f"{section.label} {_('text')}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=FINDING_TEXT_MAX,
            )

    def section_fields(self):
        return [(s, self[f"s{s.pk}-title"], self[f"s{s.pk}-text"]) for s in self.sections]

    def section_values(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {
            s.pk: {"title": data[f"s{s.pk}-title"], "text": data[f"s{s.pk}-text"]}
            for s in self.sections
        }
