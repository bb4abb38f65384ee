"""Import and export: files in, files out, and loading generated networks."""
