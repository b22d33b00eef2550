"""Pieces every part of the app stands on: clock, config, database, errors, headers, hosts,
mail, templating, failures."""
