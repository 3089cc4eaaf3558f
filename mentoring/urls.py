from django.urls import path

from mentoring.views import application, commissioning, conversations, directory, proposals, registration, sessions

app_name = "mentoring"
urlpatterns = [
    path("commissioning/", commissioning.scheme_figures, name="commissioning"),
    path("mentors/<slug:scheme>/", directory.mentor_list, name="directory"),
    path("mentors/<slug:scheme>/<int:pk>/", directory.mentor_detail, name="directory_mentor"),
    path("mentors/<slug:scheme>/<int:pk>/photo", directory.mentor_photo, name="directory_photo"),
    path("mentor/apply/<slug:scheme>/", application.apply_start, name="apply_start"),
    path("mentor/apply/<slug:scheme>/check/", application.apply_check, name="apply_check"),
    path("mentor/apply/<slug:scheme>/sent/", application.apply_submitted, name="apply_submitted"),
    path("mentor/apply/<slug:scheme>/<slug:step>/", application.apply_step, name="apply_step"),
    path("mentor/profile/<slug:scheme>/", application.mentor_profile, name="mentor_profile"),
    path("mentor/profile/<slug:scheme>/edit/", application.mentor_profile_edit, name="mentor_profile_edit"),
    path("mentee/register/<slug:scheme>/", registration.register_start, name="register_start"),
    path("mentee/register/<slug:scheme>/check/", registration.register_check, name="register_check"),
    path("mentee/register/<slug:scheme>/<slug:step>/", registration.register_step, name="register_step"),
    path("mentors/<slug:scheme>/<int:pk>/ask/", proposals.request_mentor, name="request_mentor"),
    path("mentor/proposals/", proposals.proposal_list, name="proposals"),
    path("mentor/proposals/<int:pk>/", proposals.proposal_detail, name="proposal"),
    path("mentor/proposals/<int:pk>/decline/", proposals.proposal_decline, name="proposal_decline"),
    path("mentor/mentees/", sessions.mentor_home, name="mentor_home"),
    path("mentor/mentees/<int:pk>/", sessions.mentorship_detail, name="mentorship"),
    path("mentor/mentees/<int:pk>/log/", sessions.session_kind, name="session_kind"),
    path("mentor/mentees/<int:pk>/log/<slug:kind>/", sessions.session_log_view, name="session_log"),
    path(
        "mentor/mentees/<int:pk>/sessions/<int:session_pk>/correct/",
        sessions.session_correct_view,
        name="session_correct",
    ),
    path(
        "mentor/mentees/<int:pk>/sessions/<int:session_pk>/delete/",
        sessions.session_delete_view,
        name="session_delete",
    ),
    path("mentee/sessions/", sessions.my_sessions, name="my_sessions"),
    path("mentee/sessions/<int:pk>/fit/", sessions.mentee_fit_check, name="mentee_fit_check"),
    path(
        "mentors/<slug:scheme>/<int:pk>/career-conversation/", conversations.conversation_ask, name="conversation_ask"
    ),
    path("career-conversations/", conversations.conversation_list, name="conversations"),
    path("career-conversations/<int:pk>/", conversations.conversation_detail, name="conversation"),
    path("mentor/career-conversations/", conversations.conversations_to_hold, name="conversations_to_hold"),
    path(
        "mentor/career-conversations/<int:pk>/part/<int:part>/",
        conversations.conversation_part,
        name="conversation_part",
    ),
    path(
        "mentor/career-conversations/<int:pk>/outcome/",
        conversations.conversation_outcome,
        name="conversation_outcome",
    ),
]
