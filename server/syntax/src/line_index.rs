//! Byte offsets <-> (line, column) in UTF-8, UTF-16 and UTF-32 units.
