"""Pupils' data: files only the kiosk can read, retention, a pupil's data on request."""
