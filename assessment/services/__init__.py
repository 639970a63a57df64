"""What the pages, the API and the commands share beneath them: stored answers, scoring of stored answers,
the view by standard, capacity profiles, imports, backups, the members list, questionnaire versions and
catalogues."""
