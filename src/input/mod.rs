//! Inputs: walking paths, reading a mirrored site's files back as URLs, and splitting a batch
//! into shards.

pub mod mirror;
pub mod shard;
pub mod walk;
