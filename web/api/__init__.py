"""The JSON API under /api/v1: bearer tokens, JSON errors, and one module per resource."""

from web.api import accounts, activities, catalog, logs, plans, roster
from web.api.blueprint import bp
from web.core.errors import ApiError

__all__ = ["ApiError", "bp", "accounts", "activities", "catalog", "logs", "plans", "roster"]
