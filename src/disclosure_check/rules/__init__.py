"""Rule families: each reads an Analysis and returns result pieces; none prints or knows file formats."""
