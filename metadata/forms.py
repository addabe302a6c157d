"""The form of a lab's fresh-metadata settings (admin → the lab → Fresh metadata)."""

from django import forms

from metadata.models import LabMetadataSettings, Source


class LabMetadataSettingsForm(forms.ModelForm):
    # A checkbox per source: a new member of ``Source`` appears here by itself.
    enabled_sources = forms.MultipleChoiceField(
        choices=Source.choices, widget=forms.CheckboxSelectMultiple, required=False,
        help_text=LabMetadataSettings._meta.get_field("enabled_sources").help_text,
    )  # fmt: skip

    class Meta:
        model = LabMetadataSettings
        fields = ["enabled_sources", "schedule", "new_papers"]
