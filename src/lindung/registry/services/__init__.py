"""Registry services: every change to the registry goes through one of these functions."""
