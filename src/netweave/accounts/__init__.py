"""Accounts: invitations, memberships and roles, password reset and login throttling."""
