"""Reads for matching: what mentoring.matching needs, loaded in a fixed, small number of queries.

Kept apart from mentoring/selectors.py only so that matching can change without touching the
directory and proposals reads; the same rules apply (QuerySets, no writes).
"""

from django.db.models import Count

from mentoring.models import Mentee, Mentor
from mentoring.selectors import with_attention_flags, with_places_left
from schemes.models import Scheme


def waiting_mentees(*, scheme):
    """The scheme's waiting list, longest waiting first, with what matching reads (one query)."""
    return (
        Mentee.objects.filter(scheme=scheme, status=Mentee.Status.WAITING)
        .select_related("user", "practice")
        .order_by("registered_at", "pk")
    )


def mentors_for_matching(*, scheme):
    """Mentors on the scheme with their places left, focus areas and practice (two queries). Paused
    and in-training mentors come too, so suggestions can say why they are not offered."""
    return with_attention_flags(
        with_places_left(Mentor.objects.filter(scheme=scheme, status__in=Mentor.ON_SCHEME))
        .select_related("user", "practice")
        .prefetch_related("focus_areas")
    )


def demand_and_supply(*, scheme_ids):
    """Per scheme: mentees waiting, active mentors, the places those mentors have left and how many
    places short of the waiting list that is (three queries whatever the numbers)."""
    schemes = {scheme.pk: scheme for scheme in Scheme.objects.filter(pk__in=scheme_ids).order_by("name")}
    waiting = dict(
        Mentee.objects.filter(scheme__in=schemes, status=Mentee.Status.WAITING)
        .order_by()
        .values_list("scheme")
        .annotate(count=Count("pk"))
    )
    rows = {
        pk: {"scheme": scheme, "waiting": waiting.get(pk, 0), "mentors": 0, "places": 0}
        for pk, scheme in schemes.items()
    }
    active = with_places_left(Mentor.objects.filter(scheme__in=schemes, status=Mentor.Status.ACTIVE).order_by())
    for scheme_id, places_left in active.values_list("scheme_id", "places_left"):
        rows[scheme_id]["mentors"] += 1
        rows[scheme_id]["places"] += max(0, places_left)
    for row in rows.values():
        row["short"] = max(0, row["waiting"] - row["places"])
    return list(rows.values())
