"""The letter of each service on queue tickets: A012 is the 12th petition ticket of the day.

One letter per service, never shared: a ticket's label must say which queue it waits in (the
counter runs per service and day, so two services sharing a letter would both call "C001").
"""

TICKET_PREFIX = {
    "petition": "A",
    "complaint": "B",
    "legal_consultation": "C",
    "mediation": "D",
    "governance": "E",
    "legal_aid": "F",
}
