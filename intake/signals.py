"""Signals of intake for the apps above it (which intake may not import).

``sms_contact_given(case, opt_out, phone, actor)``: sent inside the filing transaction when the
petitioner asked for no SMS or gave another number for SMS; ``messaging`` stores it.
"""

from django.dispatch import Signal

sms_contact_given = Signal()
