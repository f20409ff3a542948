from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter

from saathi.core import crypto, net


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by organisation admins inside Saathi; nobody signs up."""

    def is_open_for_signup(self, request):
        return False

    def get_client_ip(self, request) -> str:
        """Login limits count per address: the one the trusted proxy saw, never a header
        the client wrote (``SAATHI_TRUSTED_PROXIES``)."""
        return net.client_ip(request)


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted, under Saathi's keys."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt_text(text)

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(crypto.PREFIX + ":"):
            return encrypted_text  # stored before this adapter: re-encrypted by rotate_keys
        return crypto.decrypt_text(encrypted_text)

    def send_notification_mail(self, *args, **kwargs) -> None:
        """Saathi users have no e-mail; MFA changes are in the audit log instead."""
