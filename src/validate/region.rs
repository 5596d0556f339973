//! Province-level prefixes of GB/T 2260 address codes as used in identity numbers.
//!
//! We check the first two digits only: real numbers carry county codes that no longer exist
//! after boundary changes, so a current county table would reject genuine old IDs.

/// 11 京 … 65 新, 71 台, 81 港, 82 澳, 83 台湾居民居住证 (see pii-facts §1.3).
pub fn is_valid_province(code: u32) -> bool {
    matches!(
        code,
        11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83
    )
}

/// True when the two leading ASCII digits form a valid province code.
pub fn has_valid_province_prefix(digits: &[u8]) -> bool {
    digits
        .get(0..2)
        .and_then(super::date::parse_digits)
        .is_some_and(is_valid_province)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provinces() {
        for ok in [
            11, 15, 21, 23, 31, 37, 41, 46, 50, 54, 61, 65, 71, 81, 82, 83,
        ] {
            assert!(is_valid_province(ok), "{ok}");
        }
        for bad in [
            0, 10, 16, 20, 24, 30, 38, 40, 47, 49, 55, 60, 66, 70, 72, 80, 84, 90, 99,
        ] {
            assert!(!is_valid_province(bad), "{bad}");
        }
        assert!(has_valid_province_prefix(b"430102"));
        assert!(!has_valid_province_prefix(b"990102"));
        assert!(!has_valid_province_prefix(b"4"));
    }
}
