//! `run.artifacts`: every path of the run, archive members nested in their archive
//! (`parentIndex`, URI relative to the archive), and the lookups results need.

use std::collections::{HashMap, HashSet};

use serde_json::{json, Value};

use super::uri;

/// A logical location naming an archive member (`in/c.docx`).
pub fn member_location(member: &str) -> Value {
    let name = member.rsplit('/').next().unwrap_or(member);
    json!({"name": name, "fullyQualifiedName": member, "kind": "resource"})
}

/// `run.artifacts`: every path accounted for, in report order; archive members nested in
/// their archive.
pub struct Artifacts<'a> {
    pub list: Vec<Value>,
    index: HashMap<String, usize>,
    /// The run's paths: a `!/` splits off a member only when its left side is one of them.
    inputs: HashSet<&'a str>,
}

impl<'a> Artifacts<'a> {
    pub fn new(paths: &'a [String]) -> Self {
        let mut artifacts = Artifacts {
            list: Vec::new(),
            index: HashMap::new(),
            inputs: paths.iter().map(String::as_str).collect(),
        };
        for path in paths {
            artifacts.ensure(path);
        }
        artifacts
    }

    /// The archive holding `path` and the member's name in it.
    fn parent<'p>(&self, path: &'p str) -> Option<(&'p str, &'p str)> {
        let (parent, name) = path.rsplit_once("!/")?;
        let known = self.inputs.contains(parent) || self.index.contains_key(parent);
        known.then_some((parent, name))
    }

    /// The outermost file holding `path`, and the rest of the path inside it.
    pub fn outermost<'p>(&self, path: &'p str) -> (&'p str, Option<&'p str>) {
        let mut outer = path;
        while let Some((parent, _)) = self.parent(outer) {
            outer = parent;
        }
        let member = path.get(outer.len()..).and_then(|m| m.strip_prefix("!/"));
        (outer, member)
    }

    /// The index of `path`, adding it (and the archives holding it) when new.
    pub fn ensure(&mut self, path: &str) -> usize {
        if let Some(&i) = self.index.get(path) {
            return i;
        }
        let artifact = match self.parent(path) {
            Some((parent, name)) => {
                let parent = self.ensure(parent);
                json!({"location": {"uri": uri::member_uri(name)}, "parentIndex": parent,
                       "roles": ["analysisTarget"]})
            }
            None => {
                json!({"location": {"uri": uri::artifact_uri(path)}, "roles": ["analysisTarget"]})
            }
        };
        self.list.push(artifact);
        self.index.insert(path.to_string(), self.list.len() - 1);
        self.list.len() - 1
    }

    /// An `artifactLocation` for a file known to the run.
    pub fn location(&mut self, path: &str) -> Value {
        let index = self.ensure(path);
        json!({"uri": uri::artifact_uri(path), "index": index})
    }
}
