"""Intake keeps no tables of its own.

The case record it files (cases, petitioners, attachments, kiosks) belongs to ``cases``, and the
lobby's queue tickets to ``lobby``; intake's migrations still hold the history of those tables,
which were created here (issue 14 moved the models, not the data).
"""
