"""A FastAPI backend with pomocbot inside; see ``examples/backend/README.md``.

>>> from examples.backend.app import create_app
"""
