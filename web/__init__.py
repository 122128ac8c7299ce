"""What every app's HTTP entry points share: rate limits and the JSON API's error body.

A plain package at the bottom of the stack (like ``live``, it imports no first-party app).
"""
