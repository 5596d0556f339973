//! Placeholder until the sarif writer lands (this commit only fixes the interface).

use std::io::Write;

use super::{Collected, RuleCatalog, Summary};

pub fn write(
    _run: &Collected,
    _summary: &Summary,
    _catalog: &RuleCatalog,
    _out: &mut dyn Write,
) -> std::io::Result<()> {
    Err(std::io::Error::other("--format sarif is not available yet"))
}
