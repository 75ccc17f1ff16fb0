"""SIP2: other vendors' self-service machines over the circulation service."""
