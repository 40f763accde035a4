"""Per-language data: gettext catalogs, locale.toml and faq.toml for each code.

This file only makes the folder installable as package data.
"""
