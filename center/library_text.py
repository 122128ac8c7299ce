"""Strings of Django and Wagtail that their Simplified Chinese catalogs lack, translated in ours.

Django 6.1's blank choice of every select ("- Select an option -") and strings Wagtail 8 added
after its last zh_Hans catalog show in English on the admin pages the center uses. Listed here, the
project's catalog (which comes first: ``LOCALE_PATHS``) translates them; nothing imports this
module. Drop an entry once the library's own catalog has it.

``tests/center/test_language.py`` checks that each is translated, and renders the pages.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = (
    gettext_noop("- Select an option -"),
    gettext_noop("Use server language: %(language_name)s"),
    gettext_noop("Can access Wagtail admin"),
    gettext_noop("item"),
    gettext_noop("items"),
    gettext_noop("Actions (footer)"),
    gettext_noop('There are no %(model_name)s to display. Why not <a href="%(add_url)s">add one</a>?'),
    gettext_noop("Wagtail %(current_version)s editor guide"),
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    gettext_noop(
        "The root level is where you can add new sites to your Wagtail installation. Pages created here will "
        "not be accessible at any URL until they are associated with a site."
    ),
    gettext_noop("If you just want to add pages to an existing site, create them as children of the homepage instead."),
    gettext_noop("Locked by <b>you</b> at <b>%(locking_date)s</b>"),
    gettext_noop("Locked by <b>%(locked_by)s</b> at <b>%(locking_date)s</b>"),
    gettext_noop("Edit account avatar"),
    gettext_noop("View latest version"),
    gettext_noop("A network error occurred"),
    gettext_noop(
        "Troubleshoot your connection to the site before proceeding. Open the editor in a separate tab to view "
        "the last saved version."
    ),
    gettext_noop("account"),
    gettext_noop("Section"),
    gettext_noop("Keyboard shortcuts are currently enabled; manage your %(account_link)s to disable them."),
    gettext_noop("To be created by %(user)s"),
    gettext_noop("Save your changes before leaving"),
    gettext_noop(
        "JavaScript is required to use Wagtail, but it is currently disabled.<br /> Here are the "
        '<a href="https://www.enable-javascript.com/" target="_blank" rel="noreferrer">instructions how to '
        "enable JavaScript in your web browser</a>."
    ),
    gettext_noop("Item %(index)s of %(total)s"),
    gettext_noop("Application"),
    gettext_noop("Show keyboard shortcuts"),
    gettext_noop("Toggle minimap"),
    gettext_noop("Close modal dialogs (like this one)"),
    gettext_noop("Save changes"),
    gettext_noop("Add or show comments"),
    gettext_noop("Text editing"),
    gettext_noop("Paste"),
    gettext_noop("Paste without formatting"),
    gettext_noop("Text formatting"),
    gettext_noop("Insert or edit a link"),
    gettext_noop("Monospace (code)"),
    gettext_noop("Strike-through"),
    gettext_noop("Sort by '%(label)s' in ascending order."),
    gettext_noop("Sort by '%(label)s' in descending order."),
    gettext_noop("Theme preferences"),
    gettext_noop("New: %(model_name)s"),
    gettext_noop("Search all pages…"),
    ngettext_lazy("%(num_parent_objects)d page", "%(num_parent_objects)d pages"),
    ngettext_lazy("%(num_child_objects)d child page", "%(num_child_objects)d child pages"),
    gettext_noop("Is commenting action"),
    gettext_noop("Date updated"),
    gettext_noop("Edited by"),
    gettext_noop("Has child pages"),
    gettext_noop("Page type"),
    gettext_noop("Exploring"),
    gettext_noop("Page types usage"),
    gettext_noop("Locked by"),
    gettext_noop("Anyone"),
    gettext_noop("Show disabled"),
    gettext_noop("Shortcuts"),
    ngettext_lazy(
        '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    ngettext_lazy(
        '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    gettext_noop("Grid layout"),
    gettext_noop("List layout"),
    gettext_noop("Oldest"),
    gettext_noop("Usage count: (low to high)"),
    gettext_noop("Usage count: (high to low)"),
    ngettext_lazy("%(num_pages)d page", "%(num_pages)d pages"),
    gettext_noop("Required. Letters, digits and @/./+/-/_ only."),
    gettext_noop("admin theme"),
    gettext_noop("More contrast"),
    gettext_noop("Snug"),
    gettext_noop("Enable custom keyboard shortcuts specific to Wagtail."),
    gettext_noop("Toggle all change permissions"),
    gettext_noop("Toggle all delete permissions"),
    gettext_noop("Toggle all custom permissions"),
)
