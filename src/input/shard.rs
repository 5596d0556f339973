//! Splitting a batch across machines: `--shard I/N` keeps the inputs whose key hashes to
//! bucket `I` of `N`, so `N` independent runs (a Kubernetes Indexed Job, `N` CI jobs, `N`
//! shells) together scan every input exactly once, with no coordinator.
//!
//! The index is 0-based, as Kubernetes' `JOB_COMPLETION_INDEX` is: `--shard
//! $(JOB_COMPLETION_INDEX)/N` needs no arithmetic in a manifest. The bucket is the first 8
//! bytes of the key's SHA-256, read big-endian, modulo `N`: the same on every machine, build
//! and release (never `std`'s `DefaultHasher`, whose algorithm may change). The key is the
//! caller's to choose and must be identical on every machine: `scan` uses the path as the
//! report prints it (as given or walked, not made absolute), the crawler a page's URL.
//!
//! Input layer: knows nothing of reports or engines.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// One shard of `count`: the inputs whose bucket is `index` (0-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

/// Why `I/N` is not a shard.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    #[error("a shard is I/N (0-based index / count, e.g. 0/4): got `{0}`")]
    Shape(String),
    #[error("shard {what} `{got}` is not a whole number")]
    Number { what: &'static str, got: String },
    #[error("shard count must be at least 1")]
    NoShards,
    #[error(
        "shard index {index} is out of range for {count} shard(s): indexes run 0 to {} \
         (0-based, like Kubernetes' JOB_COMPLETION_INDEX)",
        count.saturating_sub(1)
    )]
    OutOfRange { index: u32, count: u32 },
}

impl Shard {
    /// Parses `I/N` (spaces around the numbers allowed): `0 <= I < N`, `N >= 1`.
    pub fn parse(s: &str) -> Result<Shard, ShardError> {
        let Some((index, count)) = s.split_once('/') else {
            return Err(ShardError::Shape(s.to_string()));
        };
        let number = |what: &'static str, got: &str| {
            got.trim().parse::<u32>().map_err(|_| ShardError::Number {
                what,
                got: got.trim().to_string(),
            })
        };
        let index = number("index", index)?;
        let count = number("count", count)?;
        if count == 0 {
            return Err(ShardError::NoShards);
        }
        if index >= count {
            return Err(ShardError::OutOfRange { index, count });
        }
        Ok(Shard { index, count })
    }

    /// Whether this shard scans (reports) the input named `key`.
    pub fn owns(&self, key: &str) -> bool {
        bucket(key, self.count) == self.index
    }
}

/// The bucket of `key` among `count` (> 0) shards: SHA-256, first 8 bytes big-endian,
/// modulo `count`.
pub fn bucket(key: &str, count: u32) -> u32 {
    let digest = Sha256::digest(key.as_bytes());
    let mut head = [0u8; 8];
    for (to, from) in head.iter_mut().zip(digest.iter()) {
        *to = *from;
    }
    let bucket = u64::from_be_bytes(head) % u64::from(count.max(1));
    // Below `count`, which is a u32.
    u32::try_from(bucket).unwrap_or(0)
}

impl FromStr for Shard {
    type Err = ShardError;

    fn from_str(s: &str) -> Result<Shard, ShardError> {
        Shard::parse(s)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text → (index, count), or a piece of the error message.
    type Case = (&'static str, Result<(u32, u32), &'static str>);

    const CASES: &[Case] = &[
        ("0/1", Ok((0, 1))),
        ("0/3", Ok((0, 3))),
        ("2/3", Ok((2, 3))),
        (" 1 / 4 ", Ok((1, 4))),
        (
            "3/3",
            Err("out of range for 3 shard(s): indexes run 0 to 2"),
        ),
        ("0/0", Err("count must be at least 1")),
        ("1", Err("I/N")),
        ("a/3", Err("index `a` is not a whole number")),
        ("1/-3", Err("count `-3` is not a whole number")),
        ("-1/3", Err("index `-1`")),
        ("1/3/5", Err("count `3/5`")),
    ];

    #[test]
    fn parse_table() {
        for (text, want) in CASES {
            match (Shard::parse(text), want) {
                (Ok(s), Ok((i, n))) => {
                    assert_eq!((s.index, s.count), (*i, *n), "{text}");
                    assert_eq!(s.to_string(), format!("{i}/{n}"));
                }
                (Err(e), Err(part)) => {
                    assert!(e.to_string().contains(part), "{text}: {e}");
                }
                (got, _) => panic!("{text}: got {got:?}, want {want:?}"),
            }
        }
    }

    /// Pins the hash: a change of algorithm, byte order or key encoding moves inputs between
    /// shards, and shards of one audit run by different builds would then overlap.
    #[test]
    fn bucket_is_stable() {
        // SHA-256 of the key starts ba43074a8f84c691 (mod 3 = 1) and d5fdc9da8c7e999b
        // (mod 7 = 3): computed once with Python's hashlib and pinned.
        assert_eq!(bucket("corpora/demo/行政处罚决定书.txt", 3), PINNED_3);
        assert_eq!(
            bucket("https://www.example.gov.cn/xxgk/1.html", 7),
            PINNED_7
        );
        assert_eq!(bucket("anything", 1), 0);
    }

    const PINNED_3: u32 = 1;
    const PINNED_7: u32 = 3;

    #[test]
    fn every_key_in_exactly_one_shard() {
        for n in 1..6 {
            for k in 0..50 {
                let key = format!("dir/{k}.docx");
                let owners = (0..n)
                    .filter(|&i| Shard { index: i, count: n }.owns(&key))
                    .count();
                assert_eq!(owners, 1, "{key} of {n}");
            }
        }
    }
}
