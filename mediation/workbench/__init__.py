"""The staff workbench in the Wagtail admin (issue 13): screens for case work, built on Wagtail's own views."""
