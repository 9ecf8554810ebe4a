//! AWS filter wildcards: `*` matches any run of characters, `?` exactly one.

/// True when `text` matches `pattern` with `*` and `?` wildcards.
pub fn matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Iterative matcher with one backtrack point: linear memory, no recursion,
    // so hostile patterns cannot blow the stack.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn wildcards() {
        assert!(matches(
            "al2023-ami-*",
            "al2023-ami-2023.6-kernel-6.1-x86_64"
        ));
        assert!(matches("t2.*", "t2.micro"));
        assert!(matches("t?.micro", "t3.micro"));
        assert!(!matches("t?.micro", "t3a.micro"));
        assert!(matches("*", ""));
        assert!(!matches("web", "web-2"));
        assert!(matches("*-2", "web-2"));
    }
}
