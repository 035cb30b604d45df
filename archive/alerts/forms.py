"""The alert request form: an address and how often."""

from __future__ import annotations

from django import forms

from archive.alerts.models import Rate


class AlertForm(forms.Form):
    email = forms.EmailField(
        label="نشانی ایمیل",
        max_length=254,
        widget=forms.EmailInput(
            attrs={"dir": "ltr", "autocomplete": "email", "placeholder": "name@example.org"}
        ),
        error_messages={
            "required": "نشانی ایمیل را بنویسید.",
            "invalid": "این نشانی ایمیل درست نیست.",
            "max_length": "این نشانی ایمیل بیش از اندازه بلند است.",
        },
    )
    rate = forms.ChoiceField(
        label="هر چند وقت",
        choices=Rate.choices,
        initial=Rate.DAILY,
        widget=forms.RadioSelect,
        error_messages={
            "required": "روزانه یا هفتگی را برگزینید.",
            "invalid_choice": "روزانه یا هفتگی را برگزینید.",
        },
    )
