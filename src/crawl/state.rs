//! `--state DIR`: what an audit has queued and done, as an append-only log
//! (`events.jsonl`, one JSON object per line, flushed per event), so an interrupted crawl
//! resumes where it stopped and a later audit asks only for what changed.
//!
//! Lines: `{"queued": url, "depth": d, "from": page}`, `{"done": url, "status": …,
//! "etag": …, "last_modified": …, "links": […]}`, `{"complete": true}`. A torn last line
//! (the process killed mid-write) is ignored.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

/// A URL waiting to be fetched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Queued {
    pub url: String,
    pub depth: u32,
    pub from: Option<String>,
}

/// What an earlier audit learned about a URL.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Known {
    #[serde(default)]
    pub etag: Option<String>,
    #[serde(default)]
    pub last_modified: Option<String>,
    /// A page's links, to follow when it answers 304 Not Modified.
    #[serde(default)]
    pub links: Vec<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(untagged)]
enum Line {
    Queued {
        queued: String,
        depth: u32,
        #[serde(default)]
        from: Option<String>,
    },
    Done {
        done: String,
        status: String,
        #[serde(flatten)]
        known: Known,
    },
    Complete {
        complete: bool,
    },
}

/// The log of the audit in progress and what was read from earlier runs.
pub struct State {
    file: File,
    pub dir: PathBuf,
    /// A resumed audit: queued and not done, in queue order.
    pub pending: Vec<Queued>,
    /// A resumed audit: every URL already queued (done or not).
    pub seen: HashSet<String>,
    /// URLs done by the interrupted run (not fetched again when resuming).
    pub done: usize,
    /// The previous audit finished: this one starts over, with its validators.
    pub rerun: bool,
    pub known: HashMap<String, Known>,
    /// Which run this is (1 for a new directory), numbering report parts.
    pub run: u32,
}

impl State {
    pub fn open(dir: &Path) -> anyhow::Result<State> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create --state {}", dir.display()))?;
        let path = dir.join("events.jsonl");
        let (mut queued, mut done_set, mut known) = (Vec::new(), HashSet::new(), HashMap::new());
        let mut complete = false;
        if let Ok(f) = File::open(&path) {
            for line in BufReader::new(f).lines() {
                let Ok(line) = line else { break };
                match serde_json::from_str::<Line>(&line) {
                    Ok(Line::Queued {
                        queued: url,
                        depth,
                        from,
                    }) => {
                        if complete {
                            // A new audit after a complete one: its queue starts afresh.
                            queued.clear();
                            done_set.clear();
                            complete = false;
                        }
                        queued.push(Queued { url, depth, from });
                    }
                    Ok(Line::Done { done, known: k, .. }) => {
                        done_set.insert(done.clone());
                        known.insert(done, k);
                    }
                    Ok(Line::Complete { .. }) => complete = true,
                    Err(_) => {}
                }
            }
        }
        let seen: HashSet<String> = queued.iter().map(|q| q.url.clone()).collect();
        let pending: Vec<Queued> = queued
            .into_iter()
            .filter(|q| !done_set.contains(&q.url))
            .collect();
        let resumed = !complete && !seen.is_empty();
        let run = Self::next_run(dir);
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(State {
            file,
            dir: dir.to_path_buf(),
            pending: if resumed { pending } else { Vec::new() },
            seen: if resumed { seen } else { HashSet::new() },
            done: if resumed { done_set.len() } else { 0 },
            rerun: complete,
            known,
            run,
        })
    }

    /// The first `report-N.jsonl` number not taken.
    fn next_run(dir: &Path) -> u32 {
        (1..)
            .find(|n| !dir.join(format!("report-{n}.jsonl")).exists())
            .unwrap_or(1)
    }

    /// This run's JSON Lines report (merge the parts for the whole audit).
    pub fn report_path(&self) -> PathBuf {
        self.dir.join(format!("report-{}.jsonl", self.run))
    }

    fn append(&mut self, line: &Line) {
        if let Ok(mut text) = serde_json::to_string(line) {
            text.push('\n');
            // A failing state write must not stop the audit; the report still has it.
            let _ = self.file.write_all(text.as_bytes());
        }
    }

    pub fn queued(&mut self, q: &Queued) {
        self.append(&Line::Queued {
            queued: q.url.clone(),
            depth: q.depth,
            from: q.from.clone(),
        });
    }

    pub fn done(&mut self, url: &str, status: &str, known: Known) {
        self.append(&Line::Done {
            done: url.to_string(),
            status: status.to_string(),
            known,
        });
    }

    pub fn complete(&mut self) {
        self.append(&Line::Complete { complete: true });
        let _ = self.file.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resume_then_rerun() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let q = |u: &str| Queued {
            url: u.to_string(),
            depth: 0,
            from: None,
        };
        {
            let mut s = State::open(dir.path())?;
            assert!(!s.rerun && s.pending.is_empty());
            s.queued(&q("https://x.cn/a"));
            s.queued(&q("https://x.cn/b"));
            s.done(
                "https://x.cn/a",
                "scanned",
                Known {
                    etag: Some("\"1\"".into()),
                    ..Known::default()
                },
            );
        }
        // Interrupted: b is pending; a torn line is ignored.
        std::fs::OpenOptions::new()
            .append(true)
            .open(dir.path().join("events.jsonl"))?
            .write_all(b"{\"queued\": \"https://x.cn/c")?;
        let mut s = State::open(dir.path())?;
        assert_eq!(s.pending, vec![q("https://x.cn/b")]);
        assert_eq!(s.done, 1);
        assert!(!s.rerun);
        s.file.write_all(b"\n")?;
        s.done("https://x.cn/b", "scanned", Known::default());
        s.complete();
        let s = State::open(dir.path())?;
        assert!(s.rerun && s.pending.is_empty() && s.seen.is_empty());
        assert_eq!(
            s.known
                .get("https://x.cn/a")
                .and_then(|k| k.etag.as_deref()),
            Some("\"1\"")
        );
        Ok(())
    }
}
