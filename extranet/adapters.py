"""The allauth adapter: accounts come from invitations only."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Nobody signs up on their own: a coordinator or a museum manager invites them.
        return False
