"""The librarian's desk: a web back office over the kiosk's service and store."""
