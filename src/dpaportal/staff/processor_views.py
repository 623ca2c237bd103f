"""The vendor's own company details, printed as the processor in every DPA."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dpaportal.accounts.models import signed_in_user
from dpaportal.processor.models import ProcessorDetails
from dpaportal.processor.services import FIELDS, save_processor_details
from dpaportal.staff.access import LEGAL, staff_view


class ProcessorDetailsForm(forms.ModelForm):
    class Meta:
        model = ProcessorDetails
        fields = FIELDS
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


@staff_view(LEGAL)
def processor_details(request: HttpRequest) -> HttpResponse:
    details = ProcessorDetails.current() or ProcessorDetails()
    before = model_to_dict(details, fields=FIELDS)
    form = ProcessorDetailsForm(request.POST or None, instance=details)

    if request.method == "POST" and form.is_valid():
        save_processor_details(form.save(commit=False), before, signed_in_user(request))
        messages.success(request, _("The processor details have been saved."))
        return redirect("staff:processor")

    return render(
        request,
        "staff/processor.html",
        {"form": form, "details": details},
        status=400 if form.errors else 200,
    )
