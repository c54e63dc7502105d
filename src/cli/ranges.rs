//! Range checks for numeric arguments: clap calls these while parsing, so a bad value exits 2
//! with a message naming the flag and the value (`-1`, `NaN`, `inf` are never accepted).

fn number(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a number"))?;
    if !value.is_finite() {
        return Err(format!("'{text}' is not a finite number"));
    }
    Ok(value)
}

/// A finite number ≥ 0 (months, copy numbers, log2 margins).
pub fn non_negative(text: &str) -> Result<f64, String> {
    let value = number(text)?;
    if value < 0.0 {
        return Err(format!("'{text}' is negative; expected a number ≥ 0"));
    }
    Ok(value)
}

/// A fraction in (0, 1] (tumour purity: 0 would divide by zero).
pub fn purity(text: &str) -> Result<f64, String> {
    let value = number(text)?;
    if value <= 0.0 || value > 1.0 {
        return Err(format!("'{text}' is outside (0, 1]"));
    }
    Ok(value)
}

/// A fraction in [0, 1] (allele fractions).
pub fn fraction(text: &str) -> Result<f64, String> {
    let value = number(text)?;
    if !(0.0..=1.0).contains(&value) {
        return Err(format!("'{text}' is outside [0, 1]"));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_negative_nan_inf_and_out_of_range_values() {
        for bad in ["-1", "NaN", "nan", "inf", "-inf", "x", ""] {
            let err = non_negative(bad).unwrap_err();
            assert!(err.contains(&format!("'{bad}'")), "{err}");
        }
        assert_eq!(non_negative("14").unwrap(), 14.0);
        assert_eq!(non_negative("0").unwrap(), 0.0);
        for bad in ["0", "1.5", "-0.2", "NaN"] {
            assert!(purity(bad).is_err(), "{bad}");
        }
        assert_eq!(purity("1").unwrap(), 1.0);
        assert!(fraction("1.01").is_err());
        assert_eq!(fraction("0").unwrap(), 0.0);
    }
}
