"""The admin as a whole: what no single app owns."""

from wagtail import hooks


@hooks.register("construct_main_menu")
def hide_snippets_menu_item(request, menu_items):
    """Every snippet sits in its app's own menu group; a second "Snippets" item listing them all is noise.

    Its page (/admin/snippets/) stays, listing every snippet (``WAGTAILSNIPPETS_MENU_SHOW_ALL``).
    """
    menu_items[:] = [item for item in menu_items if item.name != "snippets"]
