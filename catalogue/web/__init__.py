"""Delivery on the web: pages, the JSON API, feeds, errors and security headers."""
