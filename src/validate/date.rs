//! Calendar checks for birth dates embedded in identity numbers (GB/T 7408 `YYYYMMDD`).

/// The latest year accepted as a birth year. Identity numbers with a later birth date are
/// look-alikes (order numbers, serials). Fixed rather than read from the clock so that the
/// same input always gives the same output; raise it yearly.
pub const MAX_BIRTH_YEAR: u32 = 2026;
/// Earliest plausible birth year of a living card holder's record.
pub const MIN_BIRTH_YEAR: u32 = 1900;

pub fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Parses ASCII digits into a number; `None` if any byte is not a digit.
pub fn parse_digits(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit()
            .then(|| acc.saturating_mul(10).saturating_add(u32::from(b - b'0')))
    })
}

/// A real date `YYYYMMDD` between [`MIN_BIRTH_YEAR`] and [`MAX_BIRTH_YEAR`].
/// Example: `19900229` is rejected (1990 is not a leap year), `20000229` accepted.
pub fn is_valid_birth_date(yyyymmdd: &[u8]) -> bool {
    let (Some(y), Some(m), Some(d)) = (
        yyyymmdd.get(0..4).and_then(parse_digits),
        yyyymmdd.get(4..6).and_then(parse_digits),
        yyyymmdd.get(6..8).and_then(parse_digits),
    ) else {
        return false;
    };
    yyyymmdd.len() == 8
        && (MIN_BIRTH_YEAR..=MAX_BIRTH_YEAR).contains(&y)
        && (1..=12).contains(&m)
        && d >= 1
        && d <= days_in_month(y, m)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASES: &[(&str, bool)] = &[
        ("19900101", true),
        ("20000229", true),  // divisible by 400: leap
        ("19000228", true),  // lower bound
        ("19000229", false), // 1900 is not a leap year
        ("19960229", true),
        ("19970229", false),
        ("19901301", false),
        ("19900001", false),
        ("19900100", false),
        ("19900431", false),
        ("18991231", false), // before 1900
        ("20991231", false), // future
        ("1990010", false),
        ("1990a101", false),
    ];

    #[test]
    fn birth_dates() {
        for (input, want) in CASES {
            assert_eq!(is_valid_birth_date(input.as_bytes()), *want, "{input}");
        }
    }
}
