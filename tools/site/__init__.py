"""The zero-install web edition of the course (`make site`): see build.py."""
