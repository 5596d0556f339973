//! Luhn (ISO/IEC 7812-1 Annex B) check for payment card numbers.
//!
//! Worked example: `6222020200112233445`… — double every second digit from the right,
//! subtract 9 from results above 9, the sum must be a multiple of 10.

/// True when `digits` (ASCII `0-9` only, at least 2) passes Luhn.
pub fn is_valid(digits: &[u8]) -> bool {
    if digits.len() < 2 {
        return false;
    }
    let mut sum = 0u32;
    for (i, &b) in digits.iter().rev().enumerate() {
        if !b.is_ascii_digit() {
            return false;
        }
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors() {
        assert!(is_valid(b"4111111111111111"));
        assert!(is_valid(b"6222021234567890128"));
        assert!(is_valid(b"79927398713"));
        assert!(!is_valid(b"79927398710"));
        assert!(!is_valid(b"6222021234567890127"));
        assert!(!is_valid(b"4111 1111"));
        assert!(!is_valid(b"0"));
    }
}
