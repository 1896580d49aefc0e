//! Numbers for people, with integer arithmetic: the app formats no float
//! itself, and every figure in the app's reports and charts is written
//! here. (`<f64 as Display>` is still in the bundle: serde's messages for a
//! value of the wrong type write the float they found, in every
//! deserializer.)

/// `value` with `decimals` digits after the point, rounded half away from
/// zero; "n/a" for a value that is not finite.
pub fn fixed(value: f64, decimals: u8) -> String {
    if !value.is_finite() {
        return "n/a".to_string();
    }
    let scale = 10u64.pow(u32::from(decimals));
    let scaled = (value * scale as f64).round();
    if scaled.abs() >= 9.0e15 {
        return "n/a".to_string();
    }
    let scaled = scaled as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    let magnitude = scaled.unsigned_abs();
    let (whole, fraction) = (magnitude / scale, magnitude % scale);
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        format!(
            "{sign}{whole}.{fraction:0width$}",
            width = usize::from(decimals)
        )
    }
}

/// A coefficient as reports show it: three decimals, or "n/a" when it is
/// undefined.
pub fn value(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_string(), |v| fixed(v, 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_point_as_printf_writes_it() {
        for (v, d) in [
            (0.743421, 3),
            (-0.26, 1),
            (1.0, 3),
            (0.0, 2),
            (12.0, 0),
            (0.5345, 2),
            (-0.0004, 3),
            (123.456, 1),
        ] {
            let expected = format!("{v:.*}", usize::from(d));
            let expected = if expected == "-0.000" {
                "0.000".to_string()
            } else {
                expected
            };
            assert_eq!(fixed(v, d), expected, "{v} with {d}");
        }
        assert_eq!(
            fixed(-0.25, 1),
            "-0.3",
            "ties away from zero (printf: to even)"
        );
        assert_eq!(fixed(f64::NAN, 3), "n/a");
        assert_eq!(value(None), "n/a");
        assert_eq!(value(Some(0.5)), "0.500");
    }
}
