//! Archives: zip and 7z. Every member is handed to the scanner as `a.zip!/dir/b.docx`
//! (the scanner bounds nesting depth and refuses an archive that contains itself); member
//! names are scanned too (`张三身份证.jpg` leaks a name), and so is the zip comment.
//!
//! A member that cannot be read (encrypted, over a limit, damaged) becomes an error record
//! for that member only; the others are still read.

use std::io::{Cursor, Read};

use sevenz_rust2::{Archive, BlockDecoder, Password};

use super::document::{Document, DocumentBuilder, Loc, Part};
use super::limits::ExtractError;
use super::package::Package;
use super::Ctx;

/// A zip that is not an office package: its members, their names and the comment.
pub fn extract_zip(pkg: &mut Package, ctx: &Ctx) -> Result<Document, ExtractError> {
    let mut b = DocumentBuilder::new("zip", ctx.budget.limits.max_text_bytes);
    let comment = pkg.comment();
    b.push(comment.trim(), Loc::metadata("comment"))?;
    b.end_block();
    let names: Vec<String> = pkg.names().to_vec();
    for (i, name) in names.iter().enumerate() {
        b.push(name, Loc::part(Part::FileName))?;
        if pkg.is_dir(i) {
            continue;
        }
        let content = if pkg.is_encrypted(i) {
            Err(ExtractError::Encrypted(format!("zip member {name}")))
        } else {
            pkg.read_index(i)
        };
        let timed_out = matches!(content, Err(ExtractError::Timeout(_)));
        b.member(name.clone(), content, false);
        if timed_out {
            // Every later read would fail the same way: one record says so.
            let left = names.len().saturating_sub(i + 1);
            if left > 0 {
                b.member(
                    format!("({left} more members)"),
                    Err(ExtractError::Timeout(
                        ctx.budget.limits.time_budget.as_secs(),
                    )),
                    false,
                );
            }
            break;
        }
    }
    Ok(b.finish())
}

/// Dictionary/model memory one 7z decoder may allocate (the header declares it; LZMA
/// dictionaries of `7z -mx9` are 64 MiB).
const SEVEN_Z_MEMORY_KIB: usize = 256 * 1024;

fn seven_error(e: sevenz_rust2::Error) -> ExtractError {
    use sevenz_rust2::Error as E;
    match e {
        E::PasswordRequired | E::MaybeBadPassword(_) => {
            ExtractError::Encrypted("7z archive with a password".into())
        }
        E::UnsupportedCompressionMethod(m) if m.to_ascii_uppercase().contains("AES") => {
            ExtractError::Encrypted("7z archive with a password (AES)".into())
        }
        E::UnsupportedCompressionMethod(m) => {
            ExtractError::Unsupported(format!("7z compression method {m}"))
        }
        E::MaxMemLimited { max_kb, actaul_kb } => ExtractError::Limit(format!(
            "7z decoder needs {} MiB of memory (limit {} MiB)",
            actaul_kb >> 10,
            max_kb >> 10
        )),
        E::Unsupported(m) => ExtractError::Unsupported(format!("7z: {m}")),
        other => ExtractError::Corrupt(format!("7z: {other}")),
    }
}

/// A 7z archive: member names, then every member through the budget. The whole archive
/// may not expand more than `max_ratio` times its size (solid blocks have no per-member
/// compressed size to check a ratio against).
pub fn extract_7z(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    let limits = ctx.budget.limits;
    let mut b = DocumentBuilder::new("7z", limits.max_text_bytes);
    let mut source = Cursor::new(bytes);
    let password = Password::empty();
    let archive = Archive::read_with_memory_limit(&mut source, &password, SEVEN_Z_MEMORY_KIB)
        .map_err(seven_error)?;
    if archive.files.len() > limits.max_members {
        return Err(ExtractError::Limit(format!(
            "{} members in one 7z archive (limit {})",
            archive.files.len(),
            limits.max_members
        )));
    }
    for f in &archive.files {
        if !f.is_anti_item {
            b.push(&f.name, Loc::part(Part::FileName))?;
        }
    }
    b.end_block();

    let mut left = (bytes.len() as u64)
        .saturating_mul(limits.max_ratio)
        .max(1 << 20);
    for block in 0..archive.blocks.len() {
        ctx.budget.check_time()?;
        let decoder = BlockDecoder::new_with_memory_limit(
            1,
            SEVEN_Z_MEMORY_KIB,
            block,
            &archive,
            &password,
            &mut source,
        );
        // Members of this block not handed over yet (a failure records them all).
        let names: Vec<String> = decoder
            .entries()
            .iter()
            .filter(|e| e.has_stream && !e.is_directory && !e.is_anti_item)
            .map(|e| e.name.clone())
            .collect();
        // The member that failed, and how many were handed over (in block order).
        let mut stopped: Option<(String, ExtractError)> = None;
        let mut done = 0usize;
        let result = decoder.for_each_entries(&mut |entry, reader: &mut dyn Read| {
            if !entry.has_stream || entry.is_directory || entry.is_anti_item {
                return Ok(true);
            }
            let content = ctx
                .budget
                .read_bounded(reader, left, None, &entry.name)
                .map_err(|e| match e {
                    ExtractError::Limit(_) if left < ctx.budget.limits.max_decompressed_bytes => {
                        ExtractError::Limit(format!(
                            "{}: the 7z archive expands more than {}× its size",
                            entry.name, limits.max_ratio
                        ))
                    }
                    other => other,
                });
            let failed = content.as_ref().err().cloned();
            if let Ok(data) = &content {
                left = left.saturating_sub(data.len() as u64);
            }
            b.member(entry.name.clone(), content, false);
            done += 1;
            match failed {
                // Later members of a solid block sit behind this one's data.
                Some(e) => {
                    stopped = Some((entry.name.clone(), e));
                    Ok(false)
                }
                None => Ok(true),
            }
        });
        let unread = match result {
            Err(e) => Some(seven_error(e)),
            Ok(_) => stopped.map(|(failed, e)| {
                let why = format!(
                    "not read: stored after {failed} in one compressed block, and {failed} \
                     could not be read"
                );
                match e {
                    ExtractError::Encrypted(_) => ExtractError::Encrypted(why),
                    ExtractError::Timeout(s) => ExtractError::Timeout(s),
                    ExtractError::Limit(_) => ExtractError::Limit(why),
                    _ => ExtractError::Corrupt(why),
                }
            }),
        };
        if let Some(reason) = unread {
            // An encrypted or damaged block, or one cut short: the members not handed
            // over get the reason.
            for name in names.iter().skip(done) {
                b.member(name.clone(), Err(reason.clone()), false);
            }
        }
    }
    // Files of no block (empty files) need no reading.
    Ok(b.finish())
}
