"""A focal point's team: the accounts of their own member, and contributor invitations."""
