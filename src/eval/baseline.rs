//! Accuracy baselines: the precision, recall and F1 figures of a run, saved as JSON
//! (`--write-baseline`) and compared with a later run (`--baseline`). A figure present in
//! the baseline that drops by more than [`TOLERANCE`] is a regression; a figure the new
//! run cannot measure (its row is gone, or nothing was planted or reported) is noted, not
//! failed, since that is a change of corpus, not of the detectors.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use super::report::{Counts, Metrics};

/// The largest drop of a figure that is not a regression.
pub const TOLERANCE: f64 = 0.02;

/// Precision, recall and F1 of one row; undefined figures are left out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recall: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub f1: Option<f64>,
}

impl From<&Counts> for Figures {
    fn from(c: &Counts) -> Self {
        Figures {
            precision: c.precision,
            recall: c.recall,
            f1: c.f1,
        }
    }
}

/// The figures of one run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall: Option<Figures>,
    #[serde(default)]
    pub by_kind: BTreeMap<String, Figures>,
    #[serde(default)]
    pub by_format: BTreeMap<String, Figures>,
}

/// One figure that dropped, or could not be measured again.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// `by_kind.id_card.recall`, `by_format.docx.f1`, `overall.precision`.
    pub figure: String,
    pub baseline: f64,
    pub now: Option<f64>,
}

/// The outcome of comparing a run with a baseline.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Comparison {
    pub regressions: Vec<Change>,
    pub unmeasured: Vec<Change>,
}

impl Baseline {
    pub fn of(m: &Metrics) -> Baseline {
        Baseline {
            overall: Some(Figures::from(&m.overall)),
            by_kind: m
                .by_kind
                .iter()
                .map(|(k, c)| (k.to_string(), Figures::from(c)))
                .collect(),
            by_format: m
                .by_format
                .iter()
                .map(|(f, c)| (f.clone(), Figures::from(c)))
                .collect(),
        }
    }

    pub fn load(path: &Path) -> anyhow::Result<Baseline> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read baseline {}", path.display()))?;
        serde_json::from_str(&text).with_context(|| {
            format!(
                "invalid baseline {} (expected the JSON of --write-baseline)",
                path.display()
            )
        })
    }

    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        std::fs::write(path, text)
            .with_context(|| format!("cannot write baseline {}", path.display()))
    }

    /// Compares `now` (this run's figures) with this baseline.
    pub fn compare(&self, now: &Baseline) -> Comparison {
        let mut out = Comparison::default();
        if let Some(was) = &self.overall {
            compare_row(&mut out, "overall", was, now.overall.as_ref());
        }
        for (kind, was) in &self.by_kind {
            compare_row(
                &mut out,
                &format!("by_kind.{kind}"),
                was,
                now.by_kind.get(kind),
            );
        }
        for (format, was) in &self.by_format {
            let row = format!("by_format.{format}");
            compare_row(&mut out, &row, was, now.by_format.get(format));
        }
        out
    }
}

fn compare_row(out: &mut Comparison, row: &str, was: &Figures, now: Option<&Figures>) {
    let pairs = [
        ("precision", was.precision, now.and_then(|n| n.precision)),
        ("recall", was.recall, now.and_then(|n| n.recall)),
        ("f1", was.f1, now.and_then(|n| n.f1)),
    ];
    for (name, was, now) in pairs {
        let Some(baseline) = was else { continue };
        let change = Change {
            figure: format!("{row}.{name}"),
            baseline,
            now,
        };
        match now {
            // The epsilon keeps an exact 0.02 drop (0.95 → 0.93) from failing on rounding.
            Some(v) if baseline - v > TOLERANCE + 1e-9 => out.regressions.push(change),
            Some(_) => {}
            None => out.unmeasured.push(change),
        }
    }
}

impl Comparison {
    pub fn is_regression(&self) -> bool {
        !self.regressions.is_empty()
    }

    /// One line per change, for stderr.
    pub fn lines(&self) -> Vec<String> {
        let regressions = self.regressions.iter().map(|c| {
            let now = c.now.unwrap_or_default();
            format!(
                "regression: {} {:.4} → {:.4} (−{:.4}, more than {TOLERANCE})",
                c.figure,
                c.baseline,
                now,
                c.baseline - now
            )
        });
        let unmeasured = self.unmeasured.iter().map(|c| {
            format!(
                "note: {} was {:.4} in the baseline and is not measured now",
                c.figure, c.baseline
            )
        });
        regressions.chain(unmeasured).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(p: f64, r: f64, f: f64) -> Figures {
        Figures {
            precision: Some(p),
            recall: Some(r),
            f1: Some(f),
        }
    }

    fn baseline(kind: Figures) -> Baseline {
        Baseline {
            overall: None,
            by_kind: BTreeMap::from([("id_card".to_string(), kind)]),
            by_format: BTreeMap::new(),
        }
    }

    #[test]
    fn drops_beyond_tolerance_regress() {
        let was = baseline(figures(0.95, 0.90, 0.925));
        // Exactly 0.02 lower: allowed; 0.021 lower: a regression.
        let now = baseline(figures(0.93, 0.879, 0.925));
        let c = was.compare(&now);
        let names: Vec<&str> = c.regressions.iter().map(|c| c.figure.as_str()).collect();
        assert_eq!(names, vec!["by_kind.id_card.recall"]);
        assert!(c.is_regression());
        assert!(c.lines()[0].contains("by_kind.id_card.recall 0.9000 → 0.8790"));
    }

    #[test]
    fn rises_pass_and_missing_rows_are_noted() {
        let was = baseline(figures(0.5, 0.5, 0.5));
        let c = was.compare(&baseline(figures(1.0, 1.0, 1.0)));
        assert_eq!(c, Comparison::default());
        let c = was.compare(&Baseline::default());
        assert!(!c.is_regression());
        assert_eq!(c.unmeasured.len(), 3);
    }

    #[test]
    fn round_trips_as_json() {
        let b = baseline(Figures {
            precision: None,
            recall: Some(1.0),
            f1: Some(1.0),
        });
        let text = serde_json::to_string(&b).unwrap_or_default();
        assert_eq!(
            text,
            r#"{"by_kind":{"id_card":{"recall":1.0,"f1":1.0}},"by_format":{}}"#
        );
        let back: Baseline = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back, b);
    }
}
