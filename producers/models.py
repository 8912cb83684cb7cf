"""Models of the producers app."""
