"""Erasing a person on their request, from the staff screens of mentees and mentors.

The action is added here, in the top layer, because erasure reaches every app; the screens it joins are
scheme-scoped, so staff only ever see (and select) people of their own schemes, and the service checks
again that they manage every scheme the person belongs to.
"""

from django.contrib import admin, messages
from django.template.response import TemplateResponse

from mentoring.models import Mentee, Mentor
from portal.services import ErasureRefused, person_anonymise


@admin.action(description="Erase the personal data of the selected people, on their request")
def erase_on_request(modeladmin, request, queryset):
    people = sorted({record.user for record in queryset.select_related("user")}, key=lambda user: user.pk)
    if not people:
        return None
    if request.POST.get("confirm") != "yes":
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": "Erase personal data",
            "people": people,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "action": request.POST.get("action"),
            "opts": modeladmin.model._meta,
        }
        return TemplateResponse(request, "admin/portal/erase_confirm.html", context)
    for user in people:
        name = str(user)
        try:
            person_anonymise(user=user, by=request.user, reason="request")
        except ErasureRefused as refused:
            messages.error(request, f"{name}: {' '.join(refused.messages)}")
        else:
            messages.success(request, f"{name}: personal data erased; the figures already reported are kept")
    return None


for model in (Mentee, Mentor):
    model_admin = admin.site._registry[model]
    model_admin.actions = [*(model_admin.actions or []), erase_on_request]
