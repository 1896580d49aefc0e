//! Figures as people write them: counts with their noun, thousands grouped,
//! byte sizes in decimal units; and the items of a field of lines. One copy for every message of the app (the
//! app formats no float itself: see `team::numbers`).

/// "1 document", "61,200 documents".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        _ => format!("{} {many}", grouped(n)),
    }
}

/// "61,200".
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

/// "820 bytes", "13 KB", "20.4 MB", "1.2 GB" (decimal units, as the file
/// manager shows; kilobytes rounded up, so that a small file is never "0 KB").
pub fn size(bytes: u64) -> String {
    let tenths = |unit: u64| {
        let tenths = bytes / (unit / 10);
        format!("{}.{}", tenths / 10, tenths % 10)
    };
    match bytes {
        0..=999 => format!("{bytes} bytes"),
        1_000..=999_999 => format!("{} KB", bytes.div_ceil(1_000)),
        1_000_000..=999_999_999 => format!("{} MB", tenths(1_000_000)),
        _ => format!("{} GB", tenths(1_000_000_000)),
    }
}

/// The items a field of lines holds (aliases, examples): one a line,
/// trimmed, blank lines dropped.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_as_people_write_them() {
        assert_eq!(size(820), "820 bytes");
        assert_eq!(size(12_345), "13 KB");
        assert_eq!(size(20_480_000), "20.4 MB");
        assert_eq!(size(1_234_567_890), "1.2 GB");
        assert_eq!(plural(61_200, "document", "documents"), "61,200 documents");
        assert_eq!(plural(1, "document", "documents"), "1 document");
        assert_eq!(plural(0, "span", "spans"), "0 spans");
        assert_eq!(plural(1_000_000, "a", "b"), "1,000,000 b");
    }
}
