from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from accounts.permissions import Permission
from mentoring import matching
from mentoring.admin.imports import MenteeImportMixin
from mentoring.admin.mentorship_forms import MentorChoiceForm, SchemeChoiceForm
from mentoring.codes import ChangeConsidered, Mode, Reason
from mentoring.matching_selectors import demand_and_supply, mentors_for_matching, waiting_mentees
from mentoring.models import Mentee, Mentor
from mentoring.services.mentees import mentee_update
from mentoring.services.mentorships import mentorship_propose
from schemes.models import Scheme
from schemes.rules import RuleBroken
from schemes.scoping import SchemeScopedAdmin

# A form with more checkboxes than this would pass Django's DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000).
# Staff accept the proposal a page at a time; running it again on the rest gives the same pairs,
# since any part of an optimal assignment leaves the rest optimal for what remains.
BATCH_PAGE = 500


class _NotAllPossible(Exception):
    """Undo a batch in which some pair could no longer be proposed."""


class StatusFilter(admin.SimpleListFilter):
    """The list opens on the waiting list; the other statuses are a click away."""

    title = "status"
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Mentee.Status.choices, (self.ALL, "All")]

    def value(self):
        return super().value() or Mentee.Status.WAITING

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        return queryset if self.value() == self.ALL else queryset.filter(status=self.value())


class MenteeAdminForm(forms.ModelForm):
    """Reasons and changes considered as labelled checkboxes, never the codes' raw JSON."""

    reasons = forms.MultipleChoiceField(
        label="Reasons for seeking mentoring",
        choices=Reason.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    changes_considered = forms.MultipleChoiceField(
        label="Changes being considered",
        choices=ChangeConsidered.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Mentee
        fields = "__all__"  # noqa: DJ007 - as the admin does without a form: readonly_fields set what staff edit


@admin.register(Mentee)
class MenteeAdmin(MenteeImportMixin, SchemeScopedAdmin):
    view_permission = change_permission = Permission.MENTEE_MANAGE
    special_category = "demographics"
    form = MenteeAdminForm
    list_display = ["__str__", "role", "fellow", "registered_at", "reasons_in_words", "status", "suggestions_link"]
    list_display_links = ["__str__"]
    list_filter = [StatusFilter, "is_gp_fellow", ("scheme", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "scheme"]
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    # Status moves only through matching and mentorships; consents are the mentee's own to give or withdraw.
    readonly_fields = [
        "user",
        "scheme",
        "status",
        "registered_at",
        "shares_questionnaires_with_mentor",
        "consents_to_contact_about_leaving",
    ]

    def write(self, request, obj, changed, *, adding):
        mentee_update(mentee=obj, by=request.user, **changed)

    ordering = ["registered_at", "pk"]

    def has_add_permission(self, request):
        return False  # mentees come in through registration

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="GP fellow", boolean=True, ordering="is_gp_fellow")
    def fellow(self, mentee):
        return mentee.is_gp_fellow

    @admin.display(description="Reasons")
    def reasons_in_words(self, mentee):
        return ", ".join(str(Reason(code).label) for code in mentee.reasons if code in Reason.values) or "–"

    @admin.display(description="Suggestions")
    def suggestions_link(self, mentee):
        if mentee.status != Mentee.Status.WAITING:
            return ""
        url = reverse("admin:mentoring_mentee_suggestions", args=[mentee.pk])
        return format_html('<a href="{}">Suggest mentors</a>', url)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "demand_and_supply": demand_and_supply(scheme_ids=self.schemes(request, Permission.MENTEE_MANAGE)),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:object_id>/suggestions/", wrap(self.suggestions_view), name="mentoring_mentee_suggestions"),
            path("batch/", wrap(self.batch_view), name="mentoring_mentee_batch"),
            *super().get_urls(),
        ]

    def _context(self, request, title, **context):
        return {**self.admin_site.each_context(request), "title": title, "opts": self.model._meta, **context}

    def suggestions_view(self, request, object_id):
        """Mentors for one waiting mentee, best first with the score's parts, and those not offered."""
        mentee = self.get_object(request, object_id)
        if request.method == "POST":
            if not self.has_change_permission(request, mentee):
                return redirect("admin:mentoring_mentee_change", mentee.pk)
            chosen = MentorChoiceForm(request.POST, mentors=Mentor.objects.filter(scheme_id=mentee.scheme_id))
            if not chosen.is_valid():
                messages.error(request, " ".join(chosen.errors["mentor"]))
                return redirect("admin:mentoring_mentee_suggestions", mentee.pk)
            mentor = chosen.cleaned_data["mentor"]
            try:
                mentorship_propose(mentee=mentee, mentor=mentor, by=request.user)
            except RuleBroken as problem:
                messages.error(request, " ".join(problem.messages))
                return redirect("admin:mentoring_mentee_suggestions", mentee.pk)
            messages.success(request, f"Proposed {mentor} to {mentee}. We have emailed the mentor.")
            return redirect("admin:mentoring_mentee_changelist")
        ranking = matching.rank_mentors(mentee, mentors_for_matching(scheme=mentee.scheme))
        context = self._context(
            request,
            f"Mentors for {mentee}",
            mentee=mentee,
            original=mentee,
            ranking=ranking,
            reasons=[str(Reason(code).label) for code in mentee.reasons if code in Reason.values],
            modes=[str(Mode(mode).label) for mode in mentee.preferred_modes],
            waiting=mentee.status == Mentee.Status.WAITING,
            weights={
                "focus": matching.FOCUS_POINTS_PER_REASON,
                "mode": matching.MODE_POINTS_PER_PREFERENCE,
                "capacity": matching.CAPACITY_POINTS_PER_PLACE,
                "places": matching.CAPACITY_PLACES_COUNTED,
                "fellow": matching.GP_FELLOW_POINTS,
                "waiting": matching.WAITING_POINTS_PER_WEEK,
                "weeks": matching.WAITING_WEEKS_COUNTED,
            },
        )
        return TemplateResponse(request, "admin/mentoring/mentee/suggestions.html", context)

    def batch_view(self, request):
        """The best assignment for a scheme's whole waiting list, for staff to accept in whole or in part."""
        schemes = list(Scheme.objects.filter(pk__in=self.schemes(request, Permission.MENTEE_MANAGE)).order_by("name"))
        if not schemes:
            return redirect("admin:index")
        chosen = SchemeChoiceForm(
            request.POST if request.method == "POST" else request.GET,
            schemes=Scheme.objects.filter(pk__in=[s.pk for s in schemes]),
        )
        if not chosen.is_valid():
            raise Http404("No such scheme of yours")
        scheme = chosen.cleaned_data["scheme"] or schemes[0]
        if request.method == "POST":
            self._propose_ticked(request, scheme)
            return redirect(f"{reverse('admin:mentoring_mentee_batch')}?scheme={scheme.pk}")
        mentees = list(waiting_mentees(scheme=scheme))
        pairs = matching.batch_proposal(mentees, list(mentors_for_matching(scheme=scheme)))
        context = self._context(
            request,
            f"Batch proposal for {scheme}",
            schemes=schemes,
            scheme=scheme,
            pairs=pairs[:BATCH_PAGE],
            more=max(0, len(pairs) - BATCH_PAGE),
            matched=len(pairs),
            waiting=len(mentees),
            total=matching.proposal_total(pairs),
        )
        return TemplateResponse(request, "admin/mentoring/mentee/batch.html", context)

    def _propose_ticked(self, request, scheme):
        """All the ticked pairs in one transaction, or none: if someone was matched meanwhile, say who."""
        ticked = []
        for value in request.POST.getlist("pair"):
            mentee_id, _, mentor_id = value.partition(":")
            if mentee_id.isdigit() and mentor_id.isdigit():
                ticked.append((int(mentee_id), int(mentor_id)))
        if not ticked:
            messages.warning(request, "No matches were ticked, so none were proposed.")
            return
        mentees = Mentee.objects.filter(scheme=scheme).select_related("user").in_bulk([m for m, _ in ticked])
        mentors = Mentor.objects.filter(scheme=scheme).select_related("user").in_bulk([m for _, m in ticked])
        problems = []
        try:
            with transaction.atomic():
                # Mentor order, always: two staff proposing batches at once lock rows in the same order.
                for mentee_id, mentor_id in sorted(ticked, key=lambda pair: pair[1]):
                    mentee, mentor = mentees.get(mentee_id), mentors.get(mentor_id)
                    if mentee is None or mentor is None:
                        problems.append("A ticked match is not in this scheme")
                        continue
                    try:
                        mentorship_propose(mentee=mentee, mentor=mentor, by=request.user)
                    except RuleBroken as problem:
                        problems.append(f"{mentee} with {mentor}: {' '.join(problem.messages)}")
                if problems:
                    raise _NotAllPossible
        except _NotAllPossible:
            messages.error(
                request,
                "Nothing was proposed, because some matches are no longer possible (someone may have been "
                "matched in the meantime). The proposal below is worked out again. " + "; ".join(problems) + ".",
            )
            return
        messages.success(request, f"Proposed {len(ticked)} match{'es' if len(ticked) != 1 else ''}.")
