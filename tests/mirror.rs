//! `baomi scan DIR --base-url URL`: a directory laid out as `wget -m` writes a site (built
//! here, no crawler needed) is reported under the site's URLs, and `baomi.toml` URL
//! prefixes choose each page's unit.

use crate::common::{ID_A, MARK};
use crate::harness::{Output, Sandbox};

const BASE: &str = "https://www.example.gov.cn/";

/// A mirror in wget's layout under `mirror/www.example.gov.cn/`.
fn mirror(sandbox: &Sandbox) {
    let root = "mirror/www.example.gov.cn";
    let page = |body: &str| {
        format!("<html><head><meta charset=\"utf-8\"></head><body><p>{body}</p></body></html>")
    };
    sandbox.write(&format!("{root}/index.html"), page("首页"));
    sandbox.write(
        &format!("{root}/mzj/index.html"),
        page(&format!("申请人身份证号：{ID_A}")),
    );
    // wget -E: a dynamic page with a query, saved with an added .html.
    sandbox.write(
        &format!("{root}/mzj/list.php?id=3.html"),
        page("申请人致困原因：因病。"),
    );
    sandbox.write(&format!("{root}/公示/通报 1.txt"), MARK);
    sandbox.write(
        &format!("{root}/files/demo.docx"),
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/demo/专题会议纪要.docx"),
        )
        .expect("the demo docx"),
    );
}

fn paths(out: &Output) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = out
        .findings()
        .into_iter()
        .filter(|f| f.severity != "info")
        .map(|f| (f.path, f.kind))
        .collect();
    v.dedup();
    v
}

#[test]
fn mirror_010_files_are_reported_under_their_urls() {
    let sandbox = Sandbox::new();
    mirror(&sandbox);
    let out = sandbox.run(&[
        "scan",
        "--format",
        "jsonl",
        "mirror/www.example.gov.cn",
        "--base-url",
        "https://www.example.gov.cn",
    ]);
    out.expect_code(1);
    let got = paths(&out);
    let want = |rel: &str, kind: &str| (format!("{BASE}{rel}"), kind.to_string());
    assert_eq!(
        got,
        [
            want(
                "%E5%85%AC%E7%A4%BA/%E9%80%9A%E6%8A%A5%201.txt",
                "classification_mark"
            ),
            want("files/demo.docx", "id_card"),
            want("files/demo.docx", "mobile_phone"),
            want("files/demo.docx", "classification_mark"),
            want("mzj/", "id_card"),
        ],
        "{}",
        out.dump()
    );
    let s = out.summary_typed();
    assert_eq!((s.files, s.scanned), (5, 5), "{s:?}");
    // Every file is accounted for under a URL, the clean ones too.
    let text = sandbox.run(&[
        "scan",
        "mirror/www.example.gov.cn",
        "--base-url",
        BASE,
        "--format",
        "json",
    ]);
    assert!(!text.stdout.contains("mirror/"), "{}", text.dump());
}

#[test]
fn mirror_020_url_prefixes_in_baomi_toml_choose_the_unit() {
    let sandbox = Sandbox::new();
    mirror(&sandbox);
    sandbox.write(
        "baomi.toml",
        "[units]\n\"https://www.example.gov.cn/mzj/\" = \"区民政局\"\n",
    );
    let out = sandbox.run(&[
        "scan",
        "--format",
        "jsonl",
        "mirror/www.example.gov.cn",
        "--base-url",
        BASE,
    ]);
    out.expect_code(1);
    let findings = out.findings();
    let unit_of = |path: &str| -> Vec<(Option<String>, String)> {
        findings
            .iter()
            .filter(|f| f.path == path)
            .map(|f| (f.unit.clone(), f.rule.clone()))
            .collect()
    };
    // 区民政局 lists 致困原因; the base rules do not.
    assert_eq!(
        unit_of("https://www.example.gov.cn/mzj/list.php?id=3"),
        [(
            Some("区民政局".to_string()),
            "terms.区民政局.困难情形".to_string()
        )],
        "{}",
        out.dump()
    );
    assert!(
        unit_of("https://www.example.gov.cn/files/demo.docx")
            .iter()
            .all(|(u, _)| u.is_none()),
        "{}",
        out.dump()
    );
    assert_eq!(out.summary()["by_unit"]["区民政局"]["files"], 2);
}

#[test]
fn mirror_030_base_url_takes_one_directory_and_a_web_url() {
    let sandbox = Sandbox::new();
    mirror(&sandbox);
    sandbox.write("other/a.txt", "x");
    for args in [
        &["mirror/www.example.gov.cn", "other", "--base-url", BASE][..],
        &["other/a.txt", "--base-url", BASE],
        &["other", "--base-url", "www.example.gov.cn"],
        &["other", "--base-url", "https://www.example.gov.cn/?page=1"],
    ] {
        let mut all = vec!["scan"];
        all.extend_from_slice(args);
        let out = sandbox.run(&all);
        out.expect_code(2);
        assert!(out.stderr.contains("base"), "{}", out.dump());
    }
}
