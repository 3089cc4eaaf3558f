"""Staff review a mentor application in the admin: verify, approve or reject; and see what needs them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboundEmail
from mentoring.models import EligibilityCheck, Mentor
from tests.factories.mentoring import applicant, approved_mentor


def review_url(mentor):
    return reverse("admin:mentoring_mentor_review", args=[mentor.pk])


def verify_everything(client, mentor):
    for item in EligibilityCheck.Item:
        client.post(review_url(mentor), {"action": "verify", "verify-item": item.value})


@pytest.mark.django_db
def test_staff_verify_each_item_then_approve_and_the_applicant_is_emailed(client, staff, scheme):
    mentor = applicant(scheme)
    client.force_login(staff)

    page = client.get(review_url(mentor)).content.decode()
    assert mentor.gmc_number in page and "Not verified" in page
    verify_everything(client, mentor)
    response = client.post(review_url(mentor), {"action": "approve"}, follow=True)

    assert "Approved: Approved, in training. We have emailed the applicant." in response.content.decode()
    mentor.refresh_from_db()
    assert mentor.status == Mentor.Status.IN_TRAINING
    checks = EligibilityCheck.objects.filter(mentor=mentor)
    assert checks.count() == 5 and {check.verified_by for check in checks} == {staff}
    assert OutboundEmail.objects.filter(to=mentor.user.email, subject__contains="approved").exists()


@pytest.mark.django_db
def test_approving_before_verifying_says_what_is_missing_and_changes_nothing(client, staff, scheme):
    mentor = applicant(scheme)
    client.force_login(staff)

    page = client.post(review_url(mentor), {"action": "approve"}).content.decode()

    assert "Verify every eligibility item before approving" in page
    assert Mentor.objects.get(pk=mentor.pk).status == Mentor.Status.APPLIED


@pytest.mark.django_db
def test_the_cap_is_explained_on_the_review_screen(client, staff, scheme):
    scheme.mentor_cap = 1
    scheme.save()
    approved_mentor(scheme, by=staff)
    mentor = applicant(scheme)
    client.force_login(staff)
    verify_everything(client, mentor)

    page = client.post(review_url(mentor), {"action": "approve"}).content.decode()

    assert "is at its cap of 1 mentors. Raise the cap in the scheme&#x27;s settings" in page
    assert Mentor.objects.get(pk=mentor.pk).status == Mentor.Status.APPLIED


@pytest.mark.django_db
def test_staff_reject_with_feedback_and_a_reapply_date(client, staff, scheme):
    mentor = applicant(scheme)
    client.force_login(staff)
    reapply = timezone.localdate() + datetime.timedelta(days=60)

    blank = client.post(review_url(mentor), {"action": "reject", "reject-feedback": ""}).content.decode()
    assert "Write feedback for the applicant: they will read it" in blank
    client.post(
        review_url(mentor),
        {"action": "reject", "reject-feedback": "Complete ILM5 first.", "reject-reapply_from": reapply.isoformat()},
    )

    mentor.refresh_from_db()
    assert (mentor.status, mentor.rejection_feedback, mentor.reapply_from) == (
        Mentor.Status.REJECTED,
        "Complete ILM5 first.",
        reapply,
    )
    assert "Complete ILM5 first." in OutboundEmail.objects.get(to=mentor.user.email).body_text


@pytest.mark.django_db
def test_staff_record_a_mentor_leaving_early_and_the_cost_to_recover(client, staff, scheme):
    mentor = approved_mentor(scheme, by=staff)
    client.force_login(staff)

    client.post(
        review_url(mentor),
        {"action": "leave", "leave-left_on": timezone.localdate().isoformat(), "leave-reason": "Moved away"},
    )

    mentor.refresh_from_db()
    assert (mentor.status, str(mentor.training_cost_to_recover)) == (Mentor.Status.LEFT, "2500.00")
    assert "Training cost to recover: £2500.00" in client.get(review_url(mentor)).content.decode()


@pytest.mark.django_db
def test_staff_of_another_scheme_get_404_for_the_review(client, other_staff, scheme):
    mentor = applicant(scheme)
    client.force_login(other_staff)

    assert client.get(review_url(mentor)).status_code == 404
    assert client.post(review_url(mentor), {"action": "approve"}).status_code == 404
    assert client.get(reverse("admin:mentoring_mentor_change", args=[mentor.pk])).status_code == 404


@pytest.mark.django_db
def test_claims_approvers_cannot_review_mentors(client, approver, scheme):
    mentor = applicant(scheme)
    client.force_login(approver)

    assert client.get(review_url(mentor)).status_code == 404
    assert client.get(reverse("admin:mentoring_mentor_changelist")).status_code == 403


@pytest.mark.django_db
def test_the_dashboard_counts_what_needs_staff(client, staff, scheme, other_scheme):
    applicant(scheme)
    applicant(other_scheme)
    lapsed = approved_mentor(scheme, by=staff)
    EligibilityCheck.objects.filter(mentor=lapsed, item="gmc_licence").update(
        recheck_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(staff)

    dashboard = client.get(reverse("admin:index"))

    assert dashboard.status_code == 200
    rows = dashboard.content.decode().split('id="needs-attention"')[1]
    assert "Mentor applications to review</a></th><td>1<" in rows
    assert "eligibility checks have lapsed or are missing (claims wait until verified)</a></th><td>1<" in rows
    assert "training overdue</a></th><td>0<" in rows
    lapsed_list = client.get(reverse("admin:mentoring_mentor_changelist"), {"attention": "lapsed"})
    assert list(lapsed_list.context["cl"].result_list) == [lapsed]


@pytest.mark.django_db
def test_staff_changing_a_verified_answer_means_checking_again(client, staff, scheme):
    from django.contrib import admin as django_admin

    mentor = approved_mentor(scheme, by=staff)
    request = type("Request", (), {"user": staff})()
    mentor_admin = django_admin.site._registry[Mentor]
    form_class = mentor_admin.get_form(request, mentor)
    data = {name: value for name, value in form_class(instance=mentor).initial.items() if value is not None}
    data["experience"] = "[]"  # as the admin's form posts it

    zero = form_class({**data, "clinical_sessions_per_week": "0", "focus_areas": []}, instance=mentor)
    assert not zero.is_valid()
    assert "you need to work at least 3 clinical sessions a week" in zero.errors["clinical_sessions_per_week"][0]
    assert "bio_published" not in form_class.base_fields  # only the mentor consents to publishing

    changed = form_class({**data, "gmc_number": "7999999", "focus_areas": []}, instance=mentor)
    assert changed.is_valid(), changed.errors
    mentor_admin.save_model(request, changed.save(commit=False), changed, True)

    assert not EligibilityCheck.objects.filter(mentor=mentor).exists()
