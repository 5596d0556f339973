//! Word packages (.docx/.docm/.dotx and the docx WPS writes) rewritten in place.
//!
//! The package is copied member by member: members that do not change are copied raw
//! (compressed bytes, names, times and extra fields as they were), changed XML parts are
//! written again under the same name in the same place. In the stories (body, headers,
//! footers, notes, comments, the glossary, SmartArt text) every paragraph's text is rebuilt
//! as the extractor builds it, the plan's values are found again in it and their masks put
//! into the text elements they came from (see [`story`], [`channel`]); nothing else in the
//! XML changes. Hidden channels (tracked changes, comments, hidden text) are removed or
//! masked as the options say; document properties are always cleared.
//!
//! Parts are found as the extractor finds them: the main part through `_rels/.rels`, the
//! rest through its relationships, plus the usual names, so a part the scanner read is
//! never left as it was.

mod channel;
mod parts;
mod story;
mod xml;

use std::collections::{BTreeMap, HashSet};
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::format::{APP_PROPERTIES, CORE_PROPERTIES};
use super::{FormatOptions, HiddenChannels, Plan, RedactError, Redacted};
use crate::extract::package::Package;
use crate::extract::rels::read_rels;
use crate::extract::{Budget, Ctx, ExtractError, Limits};
use parts::{empty_root, hidden_styles, rewrite_leaves, Leaves};
use story::{StoryCtx, StoryOut};

/// What a member is to the rewriter.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Story,
    /// `comments.xml` when comments are removed: emptied, its comments counted.
    Comments,
    /// The parts that only serve comments or revision authors, emptied with them.
    CommentAux,
    People,
    Core,
    App,
    Custom,
    Settings,
    Rels,
}

fn malformed(e: ExtractError) -> RedactError {
    RedactError::Malformed(e.to_string())
}

fn zip_err(e: zip::result::ZipError) -> RedactError {
    RedactError::Malformed(format!("zip: {e}"))
}

/// The role of every member that may change.
fn roles(
    pkg: &mut Package,
    ctx: &Ctx,
    hidden: HiddenChannels,
) -> Result<(BTreeMap<String, Role>, Option<String>), RedactError> {
    let package_rels = read_rels(pkg, "", ctx).unwrap_or_default();
    let main = package_rels
        .iter()
        .filter(|r| !r.external && r.kind == "officeDocument")
        .find_map(|r| pkg.actual_name(&r.target))
        .or_else(|| {
            ["word/document.xml", "word/document2.xml"]
                .into_iter()
                .find(|n| pkg.has(n))
                .map(str::to_string)
        })
        .ok_or_else(|| {
            RedactError::Malformed("not a Word package: no main document part".into())
        })?;
    let rels = read_rels(pkg, &main, ctx).unwrap_or_default();
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let remove = hidden == HiddenChannels::Remove;
    let mut roles = BTreeMap::new();
    roles.insert(main.clone(), Role::Story);
    let role_of_kind = |kind: &str| -> Option<Role> {
        Some(match kind {
            "header" | "footer" | "footnotes" | "endnotes" | "glossaryDocument" | "diagramData" => {
                Role::Story
            }
            "comments" if remove => Role::Comments,
            "comments" => Role::Story,
            "commentsExtended" | "commentsIds" | "commentsExtensible" if remove => Role::CommentAux,
            "people" if remove => Role::CommentAux,
            "people" => Role::People,
            "settings" => Role::Settings,
            _ => return None,
        })
    };
    for rel in rels.iter().filter(|r| !r.external) {
        if let (Some(role), Some(name)) = (role_of_kind(&rel.kind), pkg.actual_name(&rel.target)) {
            roles.entry(name).or_insert(role);
        }
    }
    // The usual names too: a part the relationships miss may still be shown by a reader.
    for name in pkg.names().to_vec() {
        let Some(file) = name
            .strip_prefix(&dir)
            .map(|f| f.trim_start_matches('/'))
            .filter(|_| !dir.is_empty())
        else {
            continue;
        };
        let numbered = |stem: &str| {
            file.strip_prefix(stem)
                .and_then(|rest| rest.strip_suffix(".xml"))
                .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
        };
        let kind = if numbered("header") {
            "header"
        } else if numbered("footer") {
            "footer"
        } else if numbered("diagrams/data") || numbered("diagrams/drawing") {
            // SmartArt text and the drawing Word caches of it.
            "diagramData"
        } else {
            match file {
                "footnotes.xml" => "footnotes",
                "endnotes.xml" => "endnotes",
                "comments.xml" => "comments",
                "commentsExtended.xml" => "commentsExtended",
                "commentsIds.xml" => "commentsIds",
                "commentsExtensible.xml" => "commentsExtensible",
                "people.xml" => "people",
                "settings.xml" => "settings",
                _ => "",
            }
        };
        if let Some(role) = role_of_kind(kind) {
            roles.entry(name.clone()).or_insert(role);
        }
    }
    for (name, role) in [
        ("docProps/core.xml", Role::Core),
        ("docProps/app.xml", Role::App),
        ("docProps/custom.xml", Role::Custom),
    ] {
        if pkg.has(name) {
            roles.insert(name.to_string(), role);
        }
    }
    for name in pkg.names() {
        if name.ends_with(".rels") {
            roles.entry(name.clone()).or_insert(Role::Rels);
        }
    }
    let styles = rels
        .iter()
        .filter(|r| !r.external && r.kind == "styles")
        .find_map(|r| pkg.actual_name(&r.target))
        .or_else(|| {
            let n = if dir.is_empty() {
                "styles.xml".to_string()
            } else {
                format!("{dir}/styles.xml")
            };
            pkg.has(&n).then_some(n)
        });
    Ok((roles, styles))
}

/// Totals over the package, for `Redacted`.
#[derive(Default)]
struct Tally {
    replaced: usize,
    revisions: usize,
    comments: usize,
    comment_anchors: usize,
    hidden_runs: usize,
    properties: usize,
}

fn add_story(t: &mut Tally, out: &StoryOut) {
    t.replaced += out.replaced;
    t.revisions += out.revisions;
    t.comment_anchors += out.comment_anchors;
    t.hidden_runs += out.hidden_runs;
}

/// The new bytes of one member, or `None` to copy it as it is.
fn rewrite_member(
    role: Role,
    xml: &[u8],
    name: &str,
    sctx: &StoryCtx,
    t: &mut Tally,
) -> Result<Option<Vec<u8>>, RedactError> {
    let depth = sctx.max_depth;
    let plan = sctx.plan;
    let none = |_: &quick_xml::events::BytesStart, _: &str| false;
    let leaves = |clear: &[&str],
                  drop: &[&str],
                  attrs: &dyn Fn(&quick_xml::events::BytesStart, &str) -> bool| {
        rewrite_leaves(xml, name, plan, &Leaves { clear, drop, attrs }, depth)
    };
    let out = match role {
        Role::Story => {
            let out = story::rewrite(xml, name, sctx)?;
            add_story(t, &out);
            return Ok(out.xml);
        }
        Role::Comments => {
            let (out, n) = empty_root(xml, name, "comment", depth)?;
            t.comments += n;
            return Ok(out);
        }
        Role::CommentAux => return Ok(empty_root(xml, name, "", depth)?.0),
        Role::Core => leaves(CORE_PROPERTIES, &[], &none)?,
        Role::App => leaves(APP_PROPERTIES, &[], &none)?,
        Role::Custom => leaves(&[], &["property"], &none)?,
        Role::Settings => leaves(&[], &[], &|e, a| xml::local(e) == "docVar" && a == "val")?,
        Role::People => leaves(&[], &[], &|_, a| matches!(a, "author" | "userId"))?,
        Role::Rels => leaves(&[], &[], &|e, a| {
            a == "Target" && xml::attr(e, "TargetMode").is_some_and(|m| m == "External")
        })?,
    };
    t.replaced += out.replaced;
    if matches!(role, Role::Core | Role::App | Role::Custom) {
        t.properties += out.cleared;
    }
    Ok(out.xml)
}

/// Rewrites a Word package: the plan's values masked in every story, hidden channels
/// removed or masked per `options`, document properties cleared.
pub fn redact_docx(
    bytes: &[u8],
    plan: &Plan,
    options: &FormatOptions,
) -> Result<Redacted, RedactError> {
    super::format::refuse_ole(bytes, "docx")?;
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "docx",
        encoding: None,
    };
    let mut pkg = Package::open(bytes, &budget).map_err(malformed)?;
    let (roles, styles_part) = roles(&mut pkg, &ctx, options.hidden)?;
    let max_depth = budget.limits.max_xml_depth;
    // Styles only decide what is hidden; a damaged styles part hides nothing (as in scans).
    let hidden_styles = match styles_part.map(|n| (pkg.read(&n), n)) {
        Some((Ok(xml), n)) => hidden_styles(&xml, &n, max_depth).unwrap_or_default(),
        _ => HashSet::new(),
    };
    let sctx = StoryCtx {
        plan,
        hidden: options.hidden,
        hidden_styles: &hidden_styles,
        max_depth,
    };

    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(zip_err)?;
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let mut tally = Tally::default();
    let names = pkg.names().to_vec();
    for (i, name) in names.iter().enumerate() {
        let new = match roles.get(name) {
            Some(&role) if !pkg.is_dir(i) => {
                let xml = pkg.read_index(i).map_err(malformed)?;
                rewrite_member(role, &xml, name, &sctx, &mut tally)?
            }
            _ => None,
        };
        let file = archive.by_index_raw(i).map_err(zip_err)?;
        match new {
            None => writer.raw_copy_file(file).map_err(zip_err)?,
            Some(data) => {
                // The member's own time and attributes; stored stays stored, anything
                // else is deflated (Deflate64 and the like cannot be written).
                let method = match file.compression() {
                    CompressionMethod::Stored => CompressionMethod::Stored,
                    _ => CompressionMethod::Deflated,
                };
                let opts: SimpleFileOptions = file
                    .options()
                    .compression_method(method)
                    .compression_level(None)
                    .large_file(data.len() as u64 >= u64::from(u32::MAX));
                drop(file);
                writer.start_file(name.as_str(), opts).map_err(zip_err)?;
                writer
                    .write_all(&data)
                    .map_err(|e| RedactError::Malformed(format!("zip: {e}")))?;
            }
        }
    }
    writer
        .set_raw_comment(archive.comment().to_vec().into_boxed_slice())
        .map_err(zip_err)?;
    let bytes = writer.finish().map_err(zip_err)?.into_inner();
    Ok(Redacted {
        bytes,
        replaced: tally.replaced,
        actions: actions(&tally),
    })
}

/// What was done besides masking, in Chinese, without values.
fn actions(t: &Tally) -> Vec<String> {
    let mut out = Vec::new();
    if t.revisions > 0 {
        out.push(format!("接受修订 {} 处", t.revisions));
    }
    if t.comments > 0 {
        out.push(format!("删除批注 {} 条", t.comments));
    } else if t.comment_anchors > 0 {
        out.push(format!("删除批注标记 {} 处", t.comment_anchors));
    }
    if t.hidden_runs > 0 {
        out.push(format!("删除隐藏文字 {} 处", t.hidden_runs));
    }
    if t.properties > 0 {
        out.push("清除文档属性".to_string());
    }
    out
}

#[cfg(test)]
mod tests;
