"""Pure rules of the center: plain Python over plain data; no Django, no clock reads."""
