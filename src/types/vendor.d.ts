// Types for dependencies that ship none. Declared once, here, and only as far as loadspec uses them.
