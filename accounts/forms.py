"""allauth's sign-up form with error messages that say which answer is missing."""

from allauth.account.forms import SignupForm as AllauthSignupForm

REQUIRED_MESSAGES = {
    "email": "Enter your email address",
    "password1": "Enter a password",
    "password2": "Enter the password again",
}


class SignupForm(AllauthSignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in REQUIRED_MESSAGES.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
        if "email" in self.fields:
            self.fields["email"].error_messages["invalid"] = (
                "Enter an email address in the correct format, like name@nhs.net"
            )
