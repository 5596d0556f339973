//! The pipeline recipes of docs/pipeline.md, run for real: the git pre-commit hook refuses
//! a leaking commit and lets a clean one through; the CMS client refuses to publish on
//! block, on an unreadable file and when the service cannot be reached.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{CLEAN_TEXT, HIGH};
use crate::harness::{Sandbox, BIN};
use crate::serve::Server;

fn script(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scripts")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("BAOMI", BIN)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .output()
        .expect("git")
}

#[test]
fn recipe_010_pre_commit_hook_refuses_leaks_and_unreadable_files() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: git not installed");
        return;
    }
    let sandbox = Sandbox::new();
    let dir = sandbox.path();
    assert!(git(dir, &["init", "-q"]).status.success());
    let hooks = dir.join(".git/hooks");
    std::fs::copy(script("pre-commit"), hooks.join("pre-commit")).expect("install hook");

    sandbox.write("通知 正文.txt", CLEAN_TEXT);
    assert!(git(dir, &["add", "."]).status.success());
    let clean = git(dir, &["commit", "-q", "-m", "clean"]);
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stderr)
    );

    // Staged content counts, not the working tree: stage a leak, then clean the file.
    sandbox.write("名单.txt", HIGH);
    git(dir, &["add", "名单.txt"]);
    sandbox.write("名单.txt", CLEAN_TEXT);
    let leak = git(dir, &["commit", "-q", "-m", "leak"]);
    assert!(
        !leak.status.success(),
        "a staged ID number must stop the commit"
    );
    let said =
        String::from_utf8_lossy(&leak.stderr).into_owned() + &String::from_utf8_lossy(&leak.stdout);
    assert!(said.contains("commit refused"), "{said}");
    assert!(
        !said.contains("430102196209278907"),
        "the hook re-leaked the value"
    );

    git(dir, &["add", "名单.txt"]);
    sandbox.write("附件.docx", b"PK\x03\x04 broken");
    git(dir, &["add", "附件.docx"]);
    let unreadable = git(dir, &["commit", "-q", "-m", "broken"]);
    assert!(
        !unreadable.status.success(),
        "an unreadable file must stop the commit"
    );
    assert!(String::from_utf8_lossy(&unreadable.stderr).contains("could not be scanned"));
}

#[test]
fn recipe_020_cms_client_fails_closed() {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: python3 not installed");
        return;
    }
    let server = Server::start(&[]);
    let url = format!("http://{}", server.addr);
    let sandbox = Sandbox::new();
    sandbox.write("clean.txt", CLEAN_TEXT);
    sandbox.write("leak.txt", HIGH);
    sandbox.write("bad.docx", b"PK\x03\x04 broken");
    let gate = |files: &[&str], url: &str| {
        let paths: Vec<String> = files
            .iter()
            .map(|f| sandbox.path().join(f).to_string_lossy().into_owned())
            .collect();
        let out = Command::new("python3")
            .arg(script("cms-gate.py"))
            .arg(url)
            .args(&paths)
            .output()
            .expect("python3");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, out) = gate(&["clean.txt"], &url);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("pass"));
    let (code, out) = gate(&["clean.txt", "leak.txt"], &url);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("430102********8907"), "{out}");
    assert_eq!(gate(&["bad.docx"], &url).0, Some(3));
    assert_eq!(gate(&["bad.docx", "leak.txt"], &url).0, Some(1));
    assert_eq!(gate(&["clean.txt"], "http://127.0.0.1:9").0, Some(2));
}
