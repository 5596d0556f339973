//! Mobile number segments and landline area codes (pii-facts §2–3).

/// Allocated mobile segments by their first three digits (snapshot 2022, MIIT; includes
/// MVNO 162/165/167/170/171 and data-only 145/147/149). 140–144, 146, 148, 154, 160, 161,
/// 163, 164, 168, 169, 194 are not voice/SMS personal segments.
pub fn is_allocated_mobile_prefix(p3: u32) -> bool {
    matches!(
        p3,
        130..=139
            | 145
            | 147
            | 149
            | 150..=153
            | 155..=159
            | 162
            | 165..=167
            | 170..=178
            | 180..=189
            | 190..=193
            | 195..=199
    )
}

/// Number of digits of the area code (without the trunk `0`) at the start of `after_zero`,
/// or `None` if it cannot start an area code. 10 and 2x (but not 26) are two digits; every
/// other code is three digits starting 3–9.
pub fn area_code_len(after_zero: &[u8]) -> Option<usize> {
    match after_zero {
        [b'1', b'0', ..] => Some(2),
        [b'2', d, ..] if *d != b'6' && d.is_ascii_digit() => Some(2),
        [b'3'..=b'9', a, b, ..] if a.is_ascii_digit() && b.is_ascii_digit() => Some(3),
        _ => None,
    }
}

/// Service and public numbers that are never personal: 110/119/120/122, 123xx government
/// hotlines, 95xxx/96xxx, 10000/10010/10086, and 400/800 numbers (pii-facts §2.3).
pub fn is_service_number(digits: &[u8]) -> bool {
    match digits {
        b"110" | b"119" | b"120" | b"122" | b"10000" | b"10010" | b"10086" => true,
        [b'1', b'2', b'3', _, _] => true,
        [b'9', b'5' | b'6', _, _, _] => true,
        [b'4' | b'8', b'0', b'0', rest @ ..] => rest.len() == 7,
        [b'1', b'0', b'8', b'0', b'0', rest @ ..] => rest.len() == 7,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_prefixes() {
        for ok in [130, 138, 145, 150, 162, 166, 170, 177, 188, 192, 199] {
            assert!(is_allocated_mobile_prefix(ok), "{ok}");
        }
        for bad in [120, 140, 142, 143, 154, 160, 161, 164, 194, 200] {
            assert!(!is_allocated_mobile_prefix(bad), "{bad}");
        }
    }

    #[test]
    fn area_codes() {
        assert_eq!(area_code_len(b"1065521234"), Some(2));
        assert_eq!(area_code_len(b"2088881234"), Some(2));
        assert_eq!(area_code_len(b"26"), None);
        assert_eq!(area_code_len(b"73184567890"), Some(3));
        assert_eq!(area_code_len(b"1"), None);
        assert_eq!(area_code_len(b"0731"), None);
    }

    #[test]
    fn service_numbers() {
        for ok in [
            "12345",
            "12350",
            "110",
            "95588",
            "10086",
            "4008001234",
            "8008001234",
        ] {
            assert!(is_service_number(ok.as_bytes()), "{ok}");
        }
        for bad in ["13800138000", "1234", "073184567890", "400800123"] {
            assert!(!is_service_number(bad.as_bytes()), "{bad}");
        }
    }
}
