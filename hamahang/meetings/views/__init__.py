"""Meetings screens: parse input, call a selector or service, pick a template, render.

One module per area: `meetings`, `resolutions`, `assignments` and the `inbox`.
"""
