//! Inputs: walking paths, recognising what a file really is from its bytes, and splitting a
//! batch into shards.

pub mod shard;
pub mod walk;
