"""The REST API (django-ninja) and its tokens."""
