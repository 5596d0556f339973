//! Extraction: bytes of one input → text the detectors can read, with what is needed to
//! locate findings. Knows formats, not rules. Only plain text is read so far; other formats
//! are recognised by `input::sniff` and reported as not scanned.

pub mod text;
