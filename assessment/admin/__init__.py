"""Administration: users, members, cycles and questionnaire versions (admins only)."""
