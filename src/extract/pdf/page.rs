//! The text of one page, with artifacts (running headers, watermarks) included and the
//! extraction bounded by the room left under the text limit.

use oxidize_pdf::text::ExtractionOptions;

use super::open::guard;
use super::Pdf;
use crate::extract::document::DocumentBuilder;
use crate::extract::limits::ExtractError;
use crate::extract::Ctx;

/// The text of one page (0-based `index`), bounded by what the document may still hold.
pub(super) fn page_text(
    pdf: &Pdf,
    index: u32,
    b: &DocumentBuilder,
    ctx: &Ctx,
) -> Result<String, ExtractError> {
    let room = ctx
        .budget
        .limits
        .max_text_bytes
        .saturating_sub(b.text_len());
    let options = ExtractionOptions {
        // Headers, footers and watermarks marked as artifacts are printed: a mark such as
        // 机密 in a running header must be read.
        include_artifacts: true,
        max_extracted_bytes: Some(room.saturating_add(1)),
        ..ExtractionOptions::default()
    };
    let extracted = guard("extracting page text", || {
        pdf.extract_text_from_page_with_options(index, options)
    })?;
    if extracted.truncated {
        return Err(ExtractError::Limit(format!(
            "extracted text exceeds {} MiB (raise --max-text)",
            ctx.budget.limits.max_text_bytes >> 20
        )));
    }
    Ok(extracted.text)
}
