//! 统一社会信用代码 check character, GB 32100-2015.
//!
//! 31-symbol alphabet `0-9A-Z` without I O S V Z; weights 3^(i-1) mod 31;
//! check = 31 − (Σ mod 31), 31 → 0. Worked example: `91110000600037341L` → `L`.

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

fn value_of(b: u8) -> Option<u32> {
    let up = b.to_ascii_uppercase();
    ALPHABET.iter().position(|&a| a == up).map(|p| p as u32)
}

/// Registration-authority codes (position 1) in use: 1 机构编制, 5 民政, 9 市场监管, Y 其他,
/// and later additions 2–8, A, N.
fn is_known_authority(b: u8) -> bool {
    matches!(b, b'1'..=b'9' | b'A' | b'N' | b'Y')
}

/// True when `code` is 18 symbols of the alphabet with a known authority and valid check.
pub fn is_valid(code: &[u8]) -> bool {
    if code.len() != 18 {
        return false;
    }
    let Some(&first) = code.first() else {
        return false;
    };
    if !is_known_authority(first.to_ascii_uppercase()) {
        return false;
    }
    let mut sum = 0u32;
    for (&b, w) in code.iter().zip(WEIGHTS) {
        let Some(v) = value_of(b) else { return false };
        sum += v * w;
    }
    let check = (31 - sum % 31) % 31;
    let (Some(&expected), Some(&last)) = (ALPHABET.get(check as usize), code.get(17)) else {
        return false;
    };
    value_of(last).is_some() && last.to_ascii_uppercase() == expected
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors() {
        assert!(is_valid(b"91110000600037341L"));
        assert!(is_valid(b"91110000600037341l"));
        assert!(!is_valid(b"91110000600037341M"));
        assert!(!is_valid(b"91110000600037341")); // short
        assert!(!is_valid(b"9111000060003734IL")); // I not in alphabet
        assert!(!is_valid(b"01110000600037341L")); // authority 0 unknown
    }
}
