"""Who gets what, on every URL pattern of the project (the admin's included): the access control seen whole.

Each pattern maps to what each role gets when it reads the page for a record of the first scheme, in the
order of ROLES:

    anonymous     signed out
    mentee        the mentee of the mentorship the pages are about
    mentor        their mentor (who is also a career-conversation facilitator in another scheme)
    left_mentor   the same mentor after leaving the scheme
    other_mentor  a mentor of another scheme
    staff         the first scheme's staff
    other_staff   another scheme's staff
    approver      the first scheme's claims approver
    commissioner  the first scheme's commissioner
    superuser     the platform's superuser

and each entry is what they get:

    200     the page
    login   sent to sign in
    mfa     sent to set up two-step sign-in
    302     sent elsewhere (a step not yet reached, the admin's "no such record" redirect, a finished form)
    401     the single sign-on error page (NHSmail, when sign-in through it fails)
    403     refused: the role does not give this
    404     not found: someone else's or another scheme's record, or access that has ended
    405     a page that only takes a form (POST)

tests/access/test_matrix.py walks every pattern as every role against real records of two schemes and
fails on any difference, and on any pattern missing here: a new page says who gets it before it ships.
"""

ROLES = (
    "anonymous",
    "mentee",
    "mentor",
    "left_mentor",
    "other_mentor",
    "staff",
    "other_staff",
    "approver",
    "commissioner",
    "superuser",
)

# fmt: off
MATRIX = {
    "":
        "200    302    302    302    302    302    302    302    302    302",
    "portal/":
        "login  200    200    200    200    200    200    200    200    200",
    "commissioning/":
        "login  403    403    403    403    200    200    403    200    200",
    "schemes/<slug:slug>/":
        "login  403    403    403    403    200    404    200    200    200",
    "mentors/<slug:scheme>/":
        "login  200    200    404    404    200    404    404    404    200",
    "mentors/<slug:scheme>/<int:pk>/":
        "login  404    404    404    404    404    404    404    404    404",
    "mentors/<slug:scheme>/<int:pk>/photo":
        "login  404    404    404    404    404    404    404    404    404",
    "mentor/apply/<slug:scheme>/":
        "login  200    200    200    200    200    200    200    200    200",
    "mentor/apply/<slug:scheme>/check/":
        "login  404    302    302    404    404    404    404    404    404",
    "mentor/apply/<slug:scheme>/sent/":
        "login  404    200    200    404    404    404    404    404    404",
    "mentor/apply/<slug:scheme>/<slug:step>/":
        "login  404    302    302    404    404    404    404    404    404",
    "mentor/profile/<slug:scheme>/":
        "login  404    200    302    404    404    404    404    404    404",
    "mentor/profile/<slug:scheme>/edit/":
        "login  404    200    302    404    404    404    404    404    404",
    "mentee/register/<slug:scheme>/":
        "login  200    200    200    200    200    200    200    200    200",
    "mentee/register/<slug:scheme>/check/":
        "login  302    200    200    200    200    200    200    200    200",
    "mentee/register/<slug:scheme>/<slug:step>/":
        "login  404    404    404    404    404    404    404    404    404",
    "mentors/<slug:scheme>/<int:pk>/ask/":
        "login  405    405    405    405    405    405    405    405    405",
    "mentor/proposals/":
        "login  200    200    200    200    200    200    200    200    200",
    "mentor/proposals/<int:pk>/":
        "login  404    200    404    404    404    404    404    404    404",
    "mentor/proposals/<int:pk>/decline/":
        "login  404    200    404    404    404    404    404    404    404",
    "mentor/mentees/":
        "login  200    200    200    200    200    200    200    200    200",
    "mentor/mentees/<int:pk>/":
        "login  404    200    404    404    404    404    404    404    404",
    "mentor/mentees/<int:pk>/log/":
        "login  404    200    404    404    404    404    404    404    404",
    "mentor/mentees/<int:pk>/log/<slug:kind>/":
        "login  404    200    404    404    404    404    404    404    404",
    "mentor/mentees/<int:pk>/sessions/<int:session_pk>/correct/":
        "login  404    200    404    404    404    404    404    404    404",
    "mentor/mentees/<int:pk>/sessions/<int:session_pk>/delete/":
        "login  404    200    404    404    404    404    404    404    404",
    "mentee/sessions/":
        "login  200    200    200    200    200    200    200    200    200",
    "mentee/sessions/<int:pk>/fit/":
        "login  405    405    405    405    405    405    405    405    405",
    "mentors/<slug:scheme>/<int:pk>/career-conversation/":
        "login  405    405    405    405    405    405    405    405    405",
    "career-conversations/":
        "login  200    200    200    200    200    200    200    200    200",
    "career-conversations/<int:pk>/":
        "login  404    200    404    404    404    404    404    404    404",
    "mentor/career-conversations/":
        "login  200    200    200    200    200    200    200    200    200",
    "mentor/career-conversations/<int:pk>/part/<int:part>/":
        "login  404    200    404    404    404    404    404    404    404",
    "mentor/career-conversations/<int:pk>/outcome/":
        "login  404    302    404    404    404    404    404    404    404",
    "surveys/link/<str:token>/":
        "404    404    404    404    404    404    404    404    404    404",
    "surveys/before/<int:mentee_pk>/":
        "login  200    404    404    404    404    404    404    404    404",
    "surveys/answers/<int:mentee_pk>/":
        "login  200    200    404    404    200    404    404    404    200",
    "surveys/support/<int:mentee_pk>/":
        "login  200    404    404    404    404    404    404    404    404",
    "surveys/<int:mentee_pk>/<slug:code>/":
        "login  200    404    404    404    404    404    404    404    404",
    "claims/":
        "login  200    200    200    200    200    200    200    200    200",
    "claims/<int:pk>/":
        "login  404    200    404    404    404    404    404    404    404",
    "claims/<int:pk>/lines/<int:line>/":
        "login  405    405    405    405    405    405    405    405    405",
    "claims/lines/<int:pk>/invoice":
        "login  404    404    404    404    404    404    404    404    404",
    "claims/funding/<int:conversation>/":
        "login  404    404    404    404    404    404    404    404    404",
    "claims/approve/":
        "login  403    403    403    403    403    403    200    403    200",
    "claims/approve/<int:pk>/":
        "login  403    403    403    403    403    403    200    403    200",
    "reports/":
        "login  403    403    403    403    200    200    403    200    200",
    "reports/<int:pk>/":
        "login  403    403    403    403    200    404    403    200    200",
    "reports/<int:pk>/progress":
        "login  403    403    403    403    200    404    403    200    200",
    "reports/<int:pk>/download/<str:file_format>":
        "login  403    403    403    403    404    404    403    404    404",
    "reports/<int:pk>/charts/<slug:key>.svg":
        "login  403    403    403    403    404    404    403    404    404",
    "reports/ledger/<slug:scheme>/<str:year>/":
        "login  403    403    403    403    200    404    403    200    200",
    "reports/returns/<slug:scheme>/<str:period>/":
        "login  403    403    403    403    200    404    403    200    200",
    "accounts/login/":
        "200    302    302    302    302    302    302    302    302    302",
    "accounts/logout/":
        "302    200    200    200    200    200    200    200    200    200",
    "accounts/inactive/":
        "200    200    200    200    200    200    200    200    200    200",
    "accounts/signup/":
        "200    302    302    302    302    302    302    302    302    302",
    "accounts/reauthenticate/":
        "login  200    200    200    200    200    200    200    200    200",
    "accounts/email/":
        "login  200    200    200    200    200    200    200    200    200",
    "accounts/confirm-email/":
        "login  302    302    302    302    302    302    302    302    302",
    "accounts/password/change/":
        "login  200    200    200    200    200    200    200    200    200",
    "accounts/password/set/":
        "login  302    302    302    302    302    302    302    302    302",
    "accounts/password/reset/":
        "200    200    200    200    200    200    200    200    200    200",
    "accounts/login/code/confirm/":
        "login  302    302    302    302    302    302    302    302    302",
    "accounts/password/reset/key/done/":
        "200    200    200    200    200    200    200    200    200    200",
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$":
        "200    200    200    200    200    200    200    200    200    200",
    "accounts/password/reset/done/":
        "200    200    200    200    200    200    200    200    200    200",
    "accounts/2fa/":
        "login  200    200    200    200    200    200    200    200    200",
    "accounts/2fa/authenticate/":
        "login  302    302    302    302    302    302    302    302    302",
    "accounts/2fa/reauthenticate/":
        "login  302    200    200    200    200    200    200    200    200",
    "accounts/2fa/totp/activate/":
        "login  302    302    302    302    302    302    302    302    302",
    "accounts/2fa/totp/deactivate/":
        "login  404    302    302    302    302    302    302    302    302",
    "accounts/2fa/recovery-codes/":
        "login  404    302    302    302    302    302    302    302    302",
    "accounts/2fa/recovery-codes/generate/":
        "login  302    302    302    302    302    302    302    302    302",
    "accounts/2fa/recovery-codes/download/":
        "login  404    302    302    302    302    302    302    302    302",
    "admin/":
        "login  login  login  login  login  200    200    200    login  200",
    "admin/login/":
        "login  403    403    403    403    302    302    302    403    302",
    "admin/logout/":
        "302    302    302    302    302    405    405    405    302    405",
    "admin/password_change/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/password_change/done/":
        "login  login  login  login  login  200    200    200    login  200",
    "admin/autocomplete/":
        "login  login  login  login  login  403    403    403    login  403",
    "admin/jsi18n/":
        "login  login  login  login  login  200    200    200    login  200",
    "admin/r/<path:content_type_id>/<path:object_id>/":
        "login  login  login  login  login  404    404    404    login  404",
    "admin/auth/group/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/auth/group/add/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/auth/group/<path:object_id>/history/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/auth/group/<path:object_id>/delete/":
        "login  login  login  login  login  403    403    403    login  302",
    "admin/auth/group/<path:object_id>/change/":
        "login  login  login  login  login  403    403    403    login  302",
    "admin/auth/group/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/account/emailaddress/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/account/emailaddress/add/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/account/emailaddress/<path:object_id>/history/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/account/emailaddress/<path:object_id>/delete/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/account/emailaddress/<path:object_id>/change/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/account/emailaddress/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/schemes/scheme/":
        "login  login  login  login  login  200    200    200    login  200",
    "admin/schemes/scheme/add/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/schemes/scheme/<path:object_id>/history/":
        "login  login  login  login  login  200    404    200    login  200",
    "admin/schemes/scheme/<path:object_id>/delete/":
        "login  login  login  login  login  403    404    403    login  200",
    "admin/schemes/scheme/<path:object_id>/change/":
        "login  login  login  login  login  200    404    200    login  200",
    "admin/schemes/scheme/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/schemes/organisation/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/schemes/organisation/add/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/schemes/organisation/<path:object_id>/history/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/schemes/organisation/<path:object_id>/delete/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/schemes/organisation/<path:object_id>/change/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/schemes/organisation/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/schemes/financialyear/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/schemes/financialyear/add/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/schemes/financialyear/<path:object_id>/history/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/schemes/financialyear/<path:object_id>/delete/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/schemes/financialyear/<path:object_id>/change/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/schemes/financialyear/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/schemes/schememembership/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/schemes/schememembership/add/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/schemes/schememembership/<path:object_id>/history/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/schemes/schememembership/<path:object_id>/delete/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/schemes/schememembership/<path:object_id>/change/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/schemes/schememembership/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/accounts/auditevent/":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/accounts/auditevent/add/":
        "login  login  login  login  login  403    403    403    login  403",
    "admin/accounts/auditevent/<path:object_id>/history/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/accounts/auditevent/<path:object_id>/delete/":
        "login  login  login  login  login  403    404    404    login  403",
    "admin/accounts/auditevent/<path:object_id>/change/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/accounts/auditevent/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/mentoring/careerconversation/":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/mentoring/careerconversation/add/":
        "login  login  login  login  login  403    403    403    login  403",
    "admin/mentoring/careerconversation/<path:object_id>/history/":
        "login  login  login  login  login  404    404    404    login  200",
    "admin/mentoring/careerconversation/<path:object_id>/delete/":
        "login  login  login  login  login  404    404    404    login  403",
    "admin/mentoring/careerconversation/<path:object_id>/change/":
        "login  login  login  login  login  404    404    404    login  200",
    "admin/mentoring/careerconversation/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/mentoring/mentee/<int:object_id>/suggestions/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/mentoring/mentee/batch/":
        "login  login  login  login  login  200    200    302    login  200",
    "admin/mentoring/mentee/import/":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/mentoring/mentee/import-template/":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/mentoring/mentee/":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/mentoring/mentee/add/":
        "login  login  login  login  login  403    403    403    login  403",
    "admin/mentoring/mentee/<path:object_id>/history/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/mentoring/mentee/<path:object_id>/delete/":
        "login  login  login  login  login  403    404    404    login  403",
    "admin/mentoring/mentee/<path:object_id>/change/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/mentoring/mentee/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/mentoring/mentor/<int:object_id>/review/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/mentoring/mentor/<int:object_id>/certificate/<int:record_id>/":
        "login  login  login  login  login  404    404    404    login  404",
    "admin/mentoring/mentor/import/":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/mentoring/mentor/import-template/":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/mentoring/mentor/":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/mentoring/mentor/add/":
        "login  login  login  login  login  403    403    403    login  403",
    "admin/mentoring/mentor/<path:object_id>/history/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/mentoring/mentor/<path:object_id>/delete/":
        "login  login  login  login  login  403    404    404    login  403",
    "admin/mentoring/mentor/<path:object_id>/change/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/mentoring/mentor/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/mentoring/mentorship/<int:object_id>/confirm/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/mentoring/mentorship/<int:object_id>/withdraw/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/mentoring/mentorship/<int:object_id>/log-session/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/mentoring/mentorship/<int:object_id>/extend/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/mentoring/mentorship/<int:object_id>/complete/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/mentoring/mentorship/<int:object_id>/not-a-fit/":
        "login  login  login  login  login  302    404    404    login  302",
    "admin/mentoring/mentorship/export.csv":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/mentoring/mentorship/import/":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/mentoring/mentorship/import-template/":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/mentoring/mentorship/":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/mentoring/mentorship/add/":
        "login  login  login  login  login  403    403    403    login  403",
    "admin/mentoring/mentorship/<path:object_id>/history/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/mentoring/mentorship/<path:object_id>/delete/":
        "login  login  login  login  login  403    404    404    login  403",
    "admin/mentoring/mentorship/<path:object_id>/change/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/mentoring/mentorship/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/surveys/questionnaire/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/surveys/questionnaire/add/":
        "login  login  login  login  login  403    403    403    login  403",
    "admin/surveys/questionnaire/<path:object_id>/history/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/surveys/questionnaire/<path:object_id>/delete/":
        "login  login  login  login  login  403    403    403    login  403",
    "admin/surveys/questionnaire/<path:object_id>/change/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/surveys/questionnaire/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/surveys/response/<int:object_id>/void/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/surveys/response/":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/surveys/response/add/":
        "login  login  login  login  login  403    403    403    login  403",
    "admin/surveys/response/<path:object_id>/history/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/surveys/response/<path:object_id>/delete/":
        "login  login  login  login  login  403    404    404    login  403",
    "admin/surveys/response/<path:object_id>/change/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/surveys/response/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/surveys/supportpage/":
        "login  login  login  login  login  200    200    200    login  200",
    "admin/surveys/supportpage/add/":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/surveys/supportpage/<path:object_id>/history/":
        "login  login  login  login  login  404    404    404    login  404",
    "admin/surveys/supportpage/<path:object_id>/delete/":
        "login  login  login  login  login  404    404    404    login  404",
    "admin/surveys/supportpage/<path:object_id>/change/":
        "login  login  login  login  login  404    404    404    login  404",
    "admin/surveys/supportpage/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/surveys/emailtemplate/":
        "login  login  login  login  login  200    200    200    login  200",
    "admin/surveys/emailtemplate/add/":
        "login  login  login  login  login  403    403    403    login  403",
    "admin/surveys/emailtemplate/<path:object_id>/history/":
        "login  login  login  login  login  404    404    404    login  200",
    "admin/surveys/emailtemplate/<path:object_id>/delete/":
        "login  login  login  login  login  404    404    404    login  403",
    "admin/surveys/emailtemplate/<path:object_id>/change/":
        "login  login  login  login  login  404    404    404    login  200",
    "admin/surveys/emailtemplate/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/surveys/surveydispatch/":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/surveys/surveydispatch/add/":
        "login  login  login  login  login  403    403    403    login  403",
    "admin/surveys/surveydispatch/<path:object_id>/history/":
        "login  login  login  login  login  404    404    404    login  404",
    "admin/surveys/surveydispatch/<path:object_id>/delete/":
        "login  login  login  login  login  404    404    404    login  404",
    "admin/surveys/surveydispatch/<path:object_id>/change/":
        "login  login  login  login  login  404    404    404    login  404",
    "admin/surveys/surveydispatch/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/claims/claim/":
        "login  login  login  login  login  200    200    200    login  200",
    "admin/claims/claim/add/":
        "login  login  login  login  login  403    403    403    login  403",
    "admin/claims/claim/<path:object_id>/history/":
        "login  login  login  login  login  200    404    200    login  200",
    "admin/claims/claim/<path:object_id>/delete/":
        "login  login  login  login  login  403    404    403    login  403",
    "admin/claims/claim/<path:object_id>/change/":
        "login  login  login  login  login  200    404    200    login  200",
    "admin/claims/claim/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/claims/claimline/<int:object_id>/reverse/":
        "login  login  login  login  login  200    404    200    login  200",
    "admin/claims/claimline/import/":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/claims/claimline/import-template/":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/claims/claimline/":
        "login  login  login  login  login  200    200    200    login  200",
    "admin/claims/claimline/add/":
        "login  login  login  login  login  403    403    403    login  403",
    "admin/claims/claimline/<path:object_id>/history/":
        "login  login  login  login  login  200    404    200    login  200",
    "admin/claims/claimline/<path:object_id>/delete/":
        "login  login  login  login  login  403    404    403    login  403",
    "admin/claims/claimline/<path:object_id>/change/":
        "login  login  login  login  login  200    404    200    login  200",
    "admin/claims/claimline/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/claims/paymentbatch/create/":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/claims/paymentbatch/<int:object_id>/export.<str:format>":
        "login  login  login  login  login  200    404    302    login  200",
    "admin/claims/paymentbatch/<int:object_id>/paid/":
        "login  login  login  login  login  302    404    302    login  302",
    "admin/claims/paymentbatch/":
        "login  login  login  login  login  200    200    200    login  200",
    "admin/claims/paymentbatch/add/":
        "login  login  login  login  login  403    403    403    login  403",
    "admin/claims/paymentbatch/<path:object_id>/history/":
        "login  login  login  login  login  200    404    200    login  200",
    "admin/claims/paymentbatch/<path:object_id>/delete/":
        "login  login  login  login  login  403    404    403    login  403",
    "admin/claims/paymentbatch/<path:object_id>/change/":
        "login  login  login  login  login  200    404    200    login  200",
    "admin/claims/paymentbatch/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/claims/spendprofile/set/<int:year_id>/":
        "login  login  login  login  login  404    404    404    login  404",
    "admin/claims/spendprofile/":
        "login  login  login  login  login  200    200    200    login  200",
    "admin/claims/spendprofile/add/":
        "login  login  login  login  login  403    403    403    login  403",
    "admin/claims/spendprofile/<path:object_id>/history/":
        "login  login  login  login  login  404    404    404    login  404",
    "admin/claims/spendprofile/<path:object_id>/delete/":
        "login  login  login  login  login  404    404    404    login  404",
    "admin/claims/spendprofile/<path:object_id>/change/":
        "login  login  login  login  login  404    404    404    login  404",
    "admin/claims/spendprofile/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/claims/mentoringplan/":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/claims/mentoringplan/add/":
        "login  login  login  login  login  200    200    403    login  200",
    "admin/claims/mentoringplan/<path:object_id>/history/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/claims/mentoringplan/<path:object_id>/delete/":
        "login  login  login  login  login  403    404    404    login  403",
    "admin/claims/mentoringplan/<path:object_id>/change/":
        "login  login  login  login  login  200    404    404    login  200",
    "admin/claims/mentoringplan/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/^(?P<app_label>auth|account|socialaccount|schemes|accounts|mentoring|surveys|claims)/$":
        "login  login  login  login  login  200    200    404    login  200",
    "admin/(?P<url>.*)$":
        "login  login  login  login  login  404    404    404    login  404",
    "healthz":
        "200    200    200    200    200    200    200    200    200    200",
    "my-data/":
        "login  200    200    200    200    200    200    200    200    200",
    r"^my-data/download\.(?P<format>json|zip)$":
        "login  200    200    200    200    200    200    200    200    200",
    "accounts/3rdparty/login/cancelled/":
        "200    200    200    200    200    200    200    200    200    200",
    "accounts/3rdparty/login/error/":
        "401    401    401    401    401    401    401    401    401    401",
    "accounts/3rdparty/signup/":
        "login  login  login  login  login  login  login  login  login  login",
    "accounts/3rdparty/":
        "login  200    200    200    200    200    200    200    200    200",
    "accounts/social/login/cancelled/":
        "302    302    302    302    302    302    302    302    302    302",
    "accounts/social/login/error/":
        "302    302    302    302    302    302    302    302    302    302",
    "accounts/social/signup/":
        "302    302    302    302    302    302    302    302    302    302",
    "accounts/social/connections/":
        "302    302    302    302    302    302    302    302    302    302",
    "accounts/microsoft/login/":
        "404    404    404    404    404    404    404    404    404    404",
    "accounts/microsoft/login/callback/":
        "404    404    404    404    404    404    404    404    404    404",
    "admin/socialaccount/socialapp/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/socialaccount/socialapp/add/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/socialaccount/socialapp/<path:object_id>/history/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/socialaccount/socialapp/<path:object_id>/delete/":
        "login  login  login  login  login  403    403    403    login  302",
    "admin/socialaccount/socialapp/<path:object_id>/change/":
        "login  login  login  login  login  403    403    403    login  302",
    "admin/socialaccount/socialapp/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/socialaccount/socialtoken/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/socialaccount/socialtoken/add/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/socialaccount/socialtoken/<path:object_id>/history/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/socialaccount/socialtoken/<path:object_id>/delete/":
        "login  login  login  login  login  403    403    403    login  302",
    "admin/socialaccount/socialtoken/<path:object_id>/change/":
        "login  login  login  login  login  403    403    403    login  302",
    "admin/socialaccount/socialtoken/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/socialaccount/socialaccount/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/socialaccount/socialaccount/add/":
        "login  login  login  login  login  403    403    403    login  200",
    "admin/socialaccount/socialaccount/<path:object_id>/history/":
        "login  login  login  login  login  302    302    302    login  302",
    "admin/socialaccount/socialaccount/<path:object_id>/delete/":
        "login  login  login  login  login  403    403    403    login  302",
    "admin/socialaccount/socialaccount/<path:object_id>/change/":
        "login  login  login  login  login  403    403    403    login  302",
    "admin/socialaccount/socialaccount/<path:object_id>/":
        "login  login  login  login  login  302    302    302    login  302",
}
# fmt: on


def expected(route, role):
    """What `role` gets on `route`; a KeyError for a pattern the matrix does not declare."""
    return MATRIX[route].split()[ROLES.index(role)]
