"""Web: the Flask front end and JSON API over search/ (create_app in this package)."""
