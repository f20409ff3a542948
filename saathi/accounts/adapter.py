from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by organisation admins inside Saathi; nobody signs up."""

    def is_open_for_signup(self, request):
        return False
