from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"

    def ready(self):
        from claims.selectors import session_is_on_a_claim
        from mentoring.claim_locks import register_claimed_session_check

        register_claimed_session_check(session_is_on_a_claim)
