//! Shell variables (`ID=$(aws ...)`, `export AWS_DEFAULT_REGION=...`). The
//! terminal keeps one set; exported or not makes no difference here. The
//! AWS CLI reads `AWS_REGION`, `AWS_DEFAULT_REGION`, `AWS_DEFAULT_OUTPUT`
//! and `AWS_PROFILE` from it, as it reads the environment.

use super::home::HOME_PATH;
use std::collections::BTreeMap;

/// The most variables kept, against hostile input.
const MAX_VARIABLES: usize = 256;
/// The longest value kept.
const MAX_VALUE_BYTES: usize = 64 * 1024;

/// The terminal's variables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variables {
    values: BTreeMap<String, String>,
}

/// True for a valid variable name: a letter or `_`, then letters, digits, `_`.
pub fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Splits `NAME=value` into its name and value.
pub fn split_assignment(text: &str) -> Option<(&str, &str)> {
    let (name, value) = text.split_once('=')?;
    is_name(name).then_some((name, value))
}

impl Variables {
    /// The value of `name`, including the login environment's defaults.
    pub fn get(&self, name: &str) -> Option<&str> {
        if let Some(value) = self.values.get(name) {
            return Some(value);
        }
        match name {
            "HOME" | "PWD" => Some(HOME_PATH),
            "USER" | "LOGNAME" => Some("learner"),
            "SHELL" => Some("/bin/bash"),
            _ => None,
        }
    }

    /// Sets `name`; false when it already had that value. Values and the
    /// number of variables are capped.
    pub fn set(&mut self, name: &str, value: &str) -> Result<bool, String> {
        if value.len() > MAX_VALUE_BYTES {
            return Err(format!("{name}: value longer than {MAX_VALUE_BYTES} bytes"));
        }
        if !self.values.contains_key(name) && self.values.len() >= MAX_VARIABLES {
            return Err(format!(
                "{name}: too many variables (at most {MAX_VARIABLES})"
            ));
        }
        Ok(self
            .values
            .insert(name.to_string(), value.to_string())
            .as_deref()
            != Some(value))
    }

    /// Removes `name`; true when it was set.
    pub fn unset(&mut self, name: &str) -> bool {
        self.values.remove(name).is_some()
    }

    /// Every variable set in this terminal, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_assignments_and_defaults() {
        assert!(
            is_name("ID") && is_name("_x1") && !is_name("1x") && !is_name("a-b") && !is_name("")
        );
        assert_eq!(split_assignment("ID=i-1"), Some(("ID", "i-1")));
        assert_eq!(split_assignment("A=b=c"), Some(("A", "b=c")));
        assert_eq!(split_assignment("--ids=x"), None);
        let mut vars = Variables::default();
        assert_eq!(vars.get("HOME"), Some("/home/learner"));
        assert_eq!(vars.set("ID", "i-1"), Ok(true));
        assert_eq!(vars.set("ID", "i-1"), Ok(false));
        assert_eq!(vars.get("ID"), Some("i-1"));
        assert!(vars.unset("ID"));
        assert_eq!(vars.get("ID"), None);
        assert!(vars.set("BIG", &"x".repeat(MAX_VALUE_BYTES + 1)).is_err());
    }
}
