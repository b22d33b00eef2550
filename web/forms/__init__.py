"""Form parsing and checks shared by the pages and the API; each returns the engine's values or
names the bad fields."""

from werkzeug.datastructures import MultiDict

Form = MultiDict[str, str]  # a submitted form: request.form, or a test's dict of lists
