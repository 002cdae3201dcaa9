"""django-machina apps overridden by label (machina's "Overriding an application" recipe).

Each package here has the label of the machina app it replaces in INSTALLED_APPS; machina's
`get_class` then looks for a class in our module first and falls back to machina's own.
Models and migrations stay machina's (`models.py` re-exports them, `MIGRATION_MODULES` points
at machina's migrations): only behaviour is extended, nothing is copied.
"""
