"""The routing table in the Wagtail admin (Settings → 路由表).

Saving runs the model's validation (``table_from_rows``), so a table that would drop a case kind
or name an unknown role is refused with a Chinese message naming the row; Wagtail logs each edit.
"""

from wagtail.contrib.settings.registry import register_setting

from mediation.models import RoutingTable

register_setting(RoutingTable, icon="list-ul")
