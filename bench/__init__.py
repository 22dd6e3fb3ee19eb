"""Load benchmark for the public pages (see bench/README.md); not part of the deployed app."""
