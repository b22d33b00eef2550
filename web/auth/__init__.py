"""Who is logged in and what they may do: sessions, API tokens, access checks, passwords,
log-in limits."""
