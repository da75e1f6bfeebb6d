"""JSON API blueprints, registered under /api by services/api/app.py."""
