//! Inputs: walking paths, recognising what a file really is from its bytes.

pub mod walk;
