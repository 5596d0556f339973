//! 公民身份号码 check character, GB 11643-1999 (ISO 7064 MOD 11-2), and the full validity
//! test of an 18-character number: region prefix, birth date, check character.
//!
//! Worked example: `11010519491231002X` — Σ digit×weight mod 11 = 2 → check `X`.
//! The same check serves 港澳台居民居住证 (810000/820000/830000) and the 2023
//! 外国人永久居留身份证 (leading `9`).

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// The check character for 17 ASCII digits, or `None` if the input is not 17 digits.
pub fn check_char(first17: &[u8]) -> Option<u8> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (&b, w) in first17.iter().zip(WEIGHTS) {
        if !b.is_ascii_digit() {
            return None;
        }
        sum += u32::from(b - b'0') * w;
    }
    CHECK_CHARS.get((sum % 11) as usize).copied()
}

/// Why an 18-character candidate is not an identity number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reject {
    Shape,
    Region,
    Date,
    Check,
}

/// Which document an 18-character number belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdType {
    /// 居民身份证
    Citizen,
    /// 港澳台居民居住证 (81/82/83 prefixes)
    ResidencePermit,
    /// 2023 外国人永久居留身份证 (leading 9)
    ForeignPermanent,
}

/// Validates an 18-character number (ASCII digits, last may be `X`/`x`).
pub fn validate18(id: &[u8]) -> Result<IdType, Reject> {
    let (Some(body), Some(&last)) = (id.get(..17), id.get(17)) else {
        return Err(Reject::Shape);
    };
    if id.len() != 18 || !body.iter().all(u8::is_ascii_digit) {
        return Err(Reject::Shape);
    }
    let id_type = if body.first() == Some(&b'9') {
        IdType::ForeignPermanent
    } else if super::region::has_valid_province_prefix(body) {
        match body.first() {
            Some(b'8') => IdType::ResidencePermit,
            _ => IdType::Citizen,
        }
    } else {
        return Err(Reject::Region);
    };
    let date = body.get(6..14).ok_or(Reject::Shape)?;
    if !super::date::is_valid_birth_date(date) {
        return Err(Reject::Date);
    }
    if check_char(body) != Some(last.to_ascii_uppercase()) {
        return Err(Reject::Check);
    }
    Ok(id_type)
}

/// Validates a 15-digit first-generation number: region prefix and `YYMMDD` (19YY).
/// There is no check digit, so callers need context before trusting a hit.
pub fn validate15(id: &[u8]) -> Result<IdType, Reject> {
    if id.len() != 15 || !id.iter().all(u8::is_ascii_digit) {
        return Err(Reject::Shape);
    }
    if !super::region::has_valid_province_prefix(id) || id.first() == Some(&b'8') {
        return Err(Reject::Region);
    }
    let mut date = *b"19000000";
    date[2..].copy_from_slice(id.get(6..12).ok_or(Reject::Shape)?);
    if !super::date::is_valid_birth_date(&date) {
        return Err(Reject::Date);
    }
    Ok(IdType::Citizen)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASES18: &[(&str, Result<IdType, Reject>)] = &[
        ("11010519491231002X", Ok(IdType::Citizen)),
        ("11010519491231002x", Ok(IdType::Citizen)),
        ("440308199901101512", Ok(IdType::Citizen)),
        ("810000199408230021", Ok(IdType::ResidencePermit)),
        ("830000199201300022", Ok(IdType::ResidencePermit)),
        ("110105194912310021", Err(Reject::Check)),
        ("440308199901101513", Err(Reject::Check)),
        ("100308199901101512", Err(Reject::Region)),
        ("440308199902301512", Err(Reject::Date)),
        ("440308209901101512", Err(Reject::Date)),
        ("4403081999011015", Err(Reject::Shape)),
        ("44030819990110151A", Err(Reject::Check)),
    ];

    #[test]
    fn eighteen() {
        for (input, want) in CASES18 {
            assert_eq!(validate18(input.as_bytes()), *want, "{input}");
        }
    }

    #[test]
    fn check_char_x_and_zero_remainder() {
        assert_eq!(check_char(b"11010519491231002"), Some(b'X'));
        assert_eq!(check_char(b"1101051949123100"), None);
    }

    #[test]
    fn foreign_permanent_resident_card() {
        let body = b"93315619800101123";
        let check = check_char(body).unwrap_or(b'0');
        let mut id = body.to_vec();
        id.push(check);
        assert_eq!(validate18(&id), Ok(IdType::ForeignPermanent));
    }

    #[test]
    fn leap_day_ids() {
        let mut id = b"43010220000229123".to_vec();
        id.push(check_char(&id).unwrap_or(b'0'));
        assert!(validate18(&id).is_ok());
        let mut bad = b"43010219990229123".to_vec();
        bad.push(check_char(&bad).unwrap_or(b'0'));
        assert_eq!(validate18(&bad), Err(Reject::Date));
    }

    #[test]
    fn fifteen() {
        assert!(validate15(b"430102900101123").is_ok());
        assert_eq!(validate15(b"430102901301123"), Err(Reject::Date));
        assert_eq!(validate15(b"990102900101123"), Err(Reject::Region));
        assert_eq!(validate15(b"43010290010112"), Err(Reject::Shape));
    }
}
