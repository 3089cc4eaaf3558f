from django.urls import path

from claims.views import approver, evidence, funding, mentor

app_name = "claims"
urlpatterns = [
    path("", mentor.claim_list, name="claims"),
    path("<int:pk>/", mentor.claim_detail, name="claim"),
    path("<int:pk>/lines/<int:line>/", mentor.claim_line_change, name="claim_line"),
    path("lines/<int:pk>/invoice", evidence.line_invoice, name="line_invoice"),
    path("funding/<int:conversation>/", funding.funding_application, name="funding_apply"),
    path("approve/", approver.approval_queue, name="approval_queue"),
    path("approve/<int:pk>/", approver.approval_claim, name="approval_claim"),
]
