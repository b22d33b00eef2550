"""What the pages and the API do, given ids and rows: build plans, merge imports, calendars,
rosters, invites. No request objects, no current user."""
