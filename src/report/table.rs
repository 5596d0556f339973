//! Placeholder until the CSV and XLSX writers land (this commit only fixes the interface).

use std::io::Write;

use super::{Collected, Summary};

pub fn write_csv(_run: &Collected, _out: &mut dyn Write) -> std::io::Result<()> {
    Err(std::io::Error::other("--format csv is not available yet"))
}

pub fn write_xlsx(
    _run: &Collected,
    _summary: &Summary,
    _out: &mut dyn Write,
) -> std::io::Result<()> {
    Err(std::io::Error::other("--format xlsx is not available yet"))
}
