//! Drafts uploaded to the desk, kept in memory only (never written to disk) and dropped
//! oldest first beyond a count or byte cap, or when the reviewer closes them.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use sha2::{Digest, Sha256};

pub struct Draft {
    pub id: String,
    pub name: String,
    pub unit: Option<String>,
    pub bytes: Bytes,
}

pub struct Drafts {
    inner: Mutex<Inner>,
    max_drafts: usize,
    max_bytes: usize,
}

#[derive(Default)]
struct Inner {
    counter: u64,
    items: VecDeque<Arc<Draft>>,
    bytes: usize,
}

impl Drafts {
    pub fn new(max_drafts: usize, max_bytes: usize) -> Self {
        Drafts {
            inner: Mutex::new(Inner::default()),
            max_drafts,
            max_bytes,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn add(&self, name: String, unit: Option<String>, bytes: Bytes) -> Arc<Draft> {
        let mut inner = self.lock();
        inner.counter += 1;
        let draft = Arc::new(Draft {
            id: new_id(inner.counter, &name),
            name,
            unit,
            bytes,
        });
        inner.bytes += draft.bytes.len();
        inner.items.push_back(draft.clone());
        while inner.items.len() > self.max_drafts
            || (inner.bytes > self.max_bytes && inner.items.len() > 1)
        {
            if let Some(old) = inner.items.pop_front() {
                inner.bytes = inner.bytes.saturating_sub(old.bytes.len());
            }
        }
        draft
    }

    pub fn get(&self, id: &str) -> Option<Arc<Draft>> {
        self.lock().items.iter().find(|d| d.id == id).cloned()
    }

    pub fn remove(&self, id: &str) -> bool {
        let mut inner = self.lock();
        let Some(at) = inner.items.iter().position(|d| d.id == id) else {
            return false;
        };
        if let Some(old) = inner.items.remove(at) {
            inner.bytes = inner.bytes.saturating_sub(old.bytes.len());
        }
        true
    }
}

/// An id nobody can guess (the desk may run with a token on a shared host): 128 bits
/// from the system's random source, hashed with a counter and the time in case there is
/// none.
fn new_id(counter: u64, name: &str) -> String {
    use std::io::Read;
    let mut random = [0u8; 16];
    let _ = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut random));
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut h = Sha256::new();
    h.update(random);
    h.update(counter.to_le_bytes());
    h.update(nanos.to_le_bytes());
    h.update(std::process::id().to_le_bytes());
    h.update(name.as_bytes());
    h.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_evict_oldest_and_ids_differ() {
        let d = Drafts::new(2, 1 << 20);
        let a = d.add("a".into(), None, Bytes::from_static(b"1"));
        let b = d.add("b".into(), None, Bytes::from_static(b"2"));
        let c = d.add("c".into(), None, Bytes::from_static(b"3"));
        assert!(d.get(&a.id).is_none() && d.get(&b.id).is_some() && d.get(&c.id).is_some());
        assert_ne!(b.id, c.id);
        assert!(d.remove(&b.id) && !d.remove(&b.id));
        let big = Drafts::new(10, 4);
        let x = big.add("x".into(), None, Bytes::from_static(b"123"));
        let y = big.add("y".into(), None, Bytes::from_static(b"456"));
        assert!(big.get(&x.id).is_none() && big.get(&y.id).is_some());
    }
}
