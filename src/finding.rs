//! The finding vocabulary shared by every layer: kinds, severities, locations and the
//! `Sensitive` wrapper that keeps raw matched values out of logs and default output.
//!
//! Shapes follow `../shared/OUTPUT.md`; reporters render these, detectors never see them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What was found. The names are the `kind` vocabulary of the output contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    IdCard,
    MobilePhone,
    LandlinePhone,
    BankCard,
    Email,
    Passport,
    TravelPermit,
    LicensePlate,
    PersonName,
    Address,
    Uscc,
    ClassificationMark,
    RestrictedTerm,
    SensitiveAttribute,
}

impl Kind {
    pub const ALL: [Kind; 14] = [
        Kind::IdCard,
        Kind::MobilePhone,
        Kind::LandlinePhone,
        Kind::BankCard,
        Kind::Email,
        Kind::Passport,
        Kind::TravelPermit,
        Kind::LicensePlate,
        Kind::PersonName,
        Kind::Address,
        Kind::Uscc,
        Kind::ClassificationMark,
        Kind::RestrictedTerm,
        Kind::SensitiveAttribute,
    ];

    /// The contract name (`id_card`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::IdCard => "id_card",
            Kind::MobilePhone => "mobile_phone",
            Kind::LandlinePhone => "landline_phone",
            Kind::BankCard => "bank_card",
            Kind::Email => "email",
            Kind::Passport => "passport",
            Kind::TravelPermit => "travel_permit",
            Kind::LicensePlate => "license_plate",
            Kind::PersonName => "person_name",
            Kind::Address => "address",
            Kind::Uscc => "uscc",
            Kind::ClassificationMark => "classification_mark",
            Kind::RestrictedTerm => "restricted_term",
            Kind::SensitiveAttribute => "sensitive_attribute",
        }
    }

    /// The Chinese label reviewers read in the text report.
    pub fn label_zh(self) -> &'static str {
        match self {
            Kind::IdCard => "身份证号",
            Kind::MobilePhone => "手机号码",
            Kind::LandlinePhone => "固定电话",
            Kind::BankCard => "银行卡号",
            Kind::Email => "电子邮箱",
            Kind::Passport => "护照号码",
            Kind::TravelPermit => "通行证号",
            Kind::LicensePlate => "车牌号码",
            Kind::PersonName => "个人姓名",
            Kind::Address => "详细住址",
            Kind::Uscc => "统一社会信用代码",
            Kind::ClassificationMark => "密级标志",
            Kind::RestrictedTerm => "敏感词",
            Kind::SensitiveAttribute => "敏感个人信息",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `info` < `low` < `medium` < `high` < `critical`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    #[default]
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Low => "低",
            Severity::Medium => "中",
            Severity::High => "高",
            Severity::Critical => "严重",
        }
    }

    pub fn parse(name: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a finding sits. Only the fields that apply are serialized: text inputs fill
/// `line` and `column` (1-based, column counted in characters); documents fill what their
/// format has (sheet and cell, page, slide, paragraph) and always `part`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub col: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slide: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// The metadata property, attribute or comment author the text came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl fmt::Display for Location {
    /// Short and reviewer-readable: `Sheet1!C5`, `第3页`, `第2张幻灯片`, `第5段`, `12:3`,
    /// followed by the part when it is not the body (`批注`, `文档属性:author`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut pieces: Vec<String> = Vec::new();
        match (&self.sheet, &self.cell, self.row) {
            (Some(s), Some(c), _) => pieces.push(format!("{s}!{c}")),
            (Some(s), None, Some(r)) => pieces.push(format!("{s} 第{r}行")),
            (Some(s), None, None) => pieces.push(s.clone()),
            (None, Some(c), _) => pieces.push(c.clone()),
            (None, None, Some(r)) => pieces.push(match self.col {
                Some(c) => format!("第{r}行第{c}列"),
                None => format!("第{r}行"),
            }),
            _ => {}
        }
        if let Some(p) = self.page {
            pieces.push(format!("第{p}页"));
        }
        if let Some(s) = self.slide {
            pieces.push(format!("第{s}张幻灯片"));
        }
        if let Some(p) = self.paragraph {
            pieces.push(format!("第{p}段"));
        }
        match (self.line, self.column) {
            (Some(l), Some(c)) => pieces.push(format!("{l}:{c}")),
            (Some(l), None) => pieces.push(l.to_string()),
            _ => {}
        }
        if let Some(part) = self.part.as_deref().filter(|p| *p != "body") {
            let label = crate::extract::Part::parse(part).map_or(part, |p| p.label_zh());
            match &self.field {
                Some(field) => pieces.push(format!("{label}:{field}")),
                None => pieces.push(label.to_string()),
            }
        }
        if pieces.is_empty() {
            return f.write_str("-");
        }
        f.write_str(&pieces.join(" "))
    }
}

impl Location {
    /// The location without a person's name: the author of a comment, a tracked change or
    /// an annotation is kept in `field` for reports, but redaction summaries and the desk
    /// show only the part (`第2段 批注`).
    pub fn without_people(&self) -> Location {
        let personal = matches!(
            self.part.as_deref(),
            Some("comment" | "tracked_change" | "annotation")
        ) || self
            .field
            .as_deref()
            .is_some_and(|f| f.starts_with("people"));
        let mut out = self.clone();
        if personal {
            out.field = None;
        }
        out
    }
}

/// A raw matched value. `Debug` and `Display` never show it; only a reporter asked to
/// reveal calls [`Sensitive::expose`].
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    pub fn new(value: T) -> Self {
        Sensitive(value)
    }

    /// The raw value. Call only where the user asked for `--reveal`, or to compute a
    /// one-way fingerprint.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sensitive(***)")
    }
}

impl<T> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// One finding in one input, before rendering.
#[derive(Clone, Debug)]
pub struct Finding {
    pub path: String,
    pub unit: Option<String>,
    pub rule: String,
    pub kind: Kind,
    pub severity: Severity,
    /// The value as it appears in the document (raw).
    pub value: Sensitive<String>,
    /// The value masked for display.
    pub masked: String,
    pub location: Location,
    /// Byte offset of the match in the decoded text (for ordering and tie-breaks).
    pub offset: u64,
    pub context: Sensitive<String>,
    pub context_masked: String,
    pub fingerprint: String,
    pub hidden: bool,
    /// 0.0–1.0: how sure the detector is (see `detect::score`).
    pub confidence: f32,
    /// Why it was flagged: validator results and cue words, e.g. `checksum`, `cue:身份证号`.
    pub evidence: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_never_prints_value() {
        let s = Sensitive::new("430102199001011234".to_string());
        assert_eq!(format!("{s:?}"), "Sensitive(***)");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(s.expose(), "430102199001011234");
    }

    #[test]
    fn severity_order_and_names() {
        assert!(Severity::Info < Severity::Low && Severity::High < Severity::Critical);
        for s in Severity::ALL {
            assert_eq!(Severity::parse(s.as_str()), Some(s));
        }
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
    }
}
