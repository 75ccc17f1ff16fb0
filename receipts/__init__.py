"""Due-date slips: content (pure), layout, raster, ESC/POS printing and archive."""
