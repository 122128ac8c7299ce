"""Pure rules of the statistics: periods and targets. No Django, no clock."""
