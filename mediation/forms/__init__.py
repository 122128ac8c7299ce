"""Forms of the staff and public pages: they parse and validate input; the services decide.

One module per part of the case page: ``routing`` (routing, assignment, objections, findings),
``handling`` (contacts, notes, the reply, follow-up, reopening), ``escalation`` (re-investigation,
duties, conference) and ``delegation``; ``fields`` holds the fields they share. Import the module
you need; nothing is re-exported here.
"""
