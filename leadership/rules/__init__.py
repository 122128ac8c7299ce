"""Pure rules of the leaders' duties: no Django, no clock (``now`` and the calendar are parameters)."""
