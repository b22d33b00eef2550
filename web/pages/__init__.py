"""The web pages: one blueprint per module, each named bp."""
