"""The web app (FastAPI, Jinja2, HTMX): pages in Vietnamese and a JSON API under /api.

    from cchc.web.app import create_app
"""
