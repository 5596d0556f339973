//! Inputs: walking paths (and reading a mirrored site's files back as URLs).

pub mod mirror;
pub mod walk;
