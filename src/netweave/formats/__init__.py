"""Date formats per language where Django's own do not suit netweave's readers
(``FORMAT_MODULE_PATH``); anything not set here falls back to Django's."""
