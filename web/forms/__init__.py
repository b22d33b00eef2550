"""Form parsing and checks shared by the pages and the API; each returns the engine's values or
names the bad fields."""
