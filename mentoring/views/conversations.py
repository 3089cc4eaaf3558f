"""Career conversations in the portal: a GP asks a facilitator from the published biographies, and the
facilitator accepts, logs the two parts and records the outcome.

A conversation's pages are for its GP and its facilitator only: anyone else, scheme staff and other
facilitators included, gets a 404 (staff work in the admin). The GP sees its status and dates, never
the facilitator's outcome notes.
"""

from django.contrib import messages
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.permissions import require_login
from mentoring.forms.conversations import ConversationOutcomeForm, ConversationPartForm, add_refusal
from mentoring.models import CareerConversation, CareerNeed
from mentoring.selectors import (
    conversation_for,
    conversations_of_facilitator,
    directory_mentors,
    scheme_directory_for_user,
)
from mentoring.services.conversations import (
    conversation_accept,
    conversation_outcome_record,
    conversation_part_log,
    conversation_request,
)
from schemes.rules import RuleBroken

CAREER_CONVERSATIONS = "career_conversations"
PARTS = (1, 2)
C = CareerConversation.Status


def with_total_minutes(conversations):
    return conversations.annotate(total_minutes=Coalesce(Sum("parts__duration_minutes"), 0))


def _facilitated(request, pk):
    conversation, facilitating = conversation_for(user=request.user, pk=pk)
    if not facilitating:
        raise Http404("No such career conversation")
    return conversation


@require_login
@require_POST
def conversation_ask(request, scheme, pk):
    """A GP asks a facilitator in the directory for a career conversation."""
    scheme = scheme_directory_for_user(user=request.user, slug=scheme)
    if scheme.kind != CAREER_CONVERSATIONS:
        raise Http404("This scheme does not hold career conversations")
    facilitator = get_object_or_404(directory_mentors(scheme=scheme), pk=pk)
    try:
        conversation_request(facilitator=facilitator, gp=request.user, by=request.user)
    except RuleBroken as broken:
        messages.error(request, " ".join(broken.messages))
        return redirect("mentoring:directory_mentor", scheme.slug, facilitator.pk)
    messages.success(
        request,
        f"You have asked {facilitator.user.get_full_name()} for a career conversation. "
        "They will be in touch to arrange the first part.",
    )
    return redirect("mentoring:conversations")


@require_login
def conversation_list(request):
    """The GP's own requests: who with, and where each has got to."""
    conversations = CareerConversation.objects.filter(gp=request.user).select_related("scheme", "facilitator__user")
    return render(request, "mentoring/conversations/conversation_list.html", {"conversations": conversations})


@require_login
def conversations_to_hold(request):
    """The conversations asked of the user's facilitator records, with the minutes logged so far."""
    conversations = with_total_minutes(conversations_of_facilitator(user=request.user).select_related("scheme", "gp"))
    return render(request, "mentoring/conversations/to_hold.html", {"conversations": conversations})


@require_login
def conversation_detail(request, pk):
    conversation, facilitating = conversation_for(user=request.user, pk=pk)
    if not facilitating:
        return render(request, "mentoring/conversations/gp_detail.html", {"conversation": conversation})
    if request.method == "POST" and "accept" in request.POST:
        try:
            conversation_accept(conversation=conversation, by=request.user)
        except RuleBroken as broken:
            messages.error(request, " ".join(broken.messages))
        return redirect("mentoring:conversation", conversation.pk)
    parts = {logged.part: logged for logged in conversation.parts.all()}
    total = sum(logged.duration_minutes for logged in parts.values())
    needs = dict(CareerNeed.choices)
    context = {
        "conversation": conversation,
        "parts": [(number, parts.get(number)) for number in PARTS],
        "total_minutes": total,
        "minutes_to_go": max(conversation.scheme.conversation_minutes - total, 0),
        "needs": [needs.get(code, code) for code in conversation.career_needs],
        "outcome_recorded": conversation.career_need_identified is not None,
    }
    return render(request, "mentoring/conversations/detail.html", context)


@require_login
def conversation_part(request, pk, part):
    conversation = _facilitated(request, pk)
    if part not in PARTS:
        raise Http404("A career conversation has two parts")
    if conversation.status != C.ACCEPTED:
        messages.error(request, "Parts can be logged once the conversation is accepted, until it is complete")
        return redirect("mentoring:conversation", conversation.pk)
    logged = conversation.parts.filter(part=part).first()
    initial = {"held_on": logged.held_on, "duration_minutes": logged.duration_minutes} if logged else None
    form = ConversationPartForm(
        request.POST or None, initial=initial, part=part, total_minutes=conversation.scheme.conversation_minutes
    )
    if request.method == "POST" and form.is_valid():
        try:
            conversation_part_log(conversation=conversation, by=request.user, part=part, **form.cleaned_data)
        except RuleBroken as broken:
            add_refusal(form, broken)
        else:
            if conversation.status == C.COMPLETE:
                messages.success(request, "Both parts are logged: the career conversation is complete")
            else:
                messages.success(request, f"Part {part} is logged")
            return redirect("mentoring:conversation", conversation.pk)
    context = {"conversation": conversation, "part": part, "form": form}
    return render(request, "mentoring/conversations/part.html", context)


@require_login
def conversation_outcome(request, pk):
    conversation = _facilitated(request, pk)
    if conversation.status != C.COMPLETE:
        messages.error(request, "Record the outcome once both parts are held")
        return redirect("mentoring:conversation", conversation.pk)
    initial = ConversationOutcomeForm.initial_from(conversation)
    form = ConversationOutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            conversation_outcome_record(conversation=conversation, by=request.user, **form.outcome())
        except RuleBroken as broken:
            add_refusal(form, broken)
        else:
            messages.success(request, "The outcome of the career conversation is saved")
            return redirect("mentoring:conversation", conversation.pk)
    return render(request, "mentoring/conversations/outcome.html", {"conversation": conversation, "form": form})
