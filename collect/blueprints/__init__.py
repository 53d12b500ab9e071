"""One blueprint per audience: participants, organisers and analysts, the JSON API, and
the health check for whoever runs the service."""
