"""Reads of the statistics: every figure aggregated in the database over ``stats.scope.Scope.cases``.

- ``common``: the instants of a period, the event kinds each figure counts, day arithmetic in SQL;
- ``measures``: each figure's cases as a Q (the drill-down lists the very cases a figure counts);
- ``breakdown``: a period's figures grouped by a dimension (a handful of GROUP BY queries);
- ``durations``: days to first contact and to reply, average and 90th percentile;
- ``trend``: the same figures month by month.
"""
