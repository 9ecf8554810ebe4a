//! "Maybe you meant" suggestions, chosen as the CLI chooses them: Python's
//! `difflib.get_close_matches(word, choices, n=3, cutoff=0.8)`.

use std::collections::HashMap;

/// Up to three choices similar to `word`, most similar first.
pub fn close_matches<'a>(word: &str, choices: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let word: Vec<char> = word.chars().collect();
    let mut scored: Vec<(f64, &str)> = choices
        .into_iter()
        .filter_map(|choice| {
            let score = ratio(&choice.chars().collect::<Vec<char>>(), &word);
            (score >= 0.8).then_some((score, choice))
        })
        .collect();
    // heapq.nlargest on (score, choice): ties go to the larger string.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| b.1.cmp(a.1)));
    scored
        .into_iter()
        .take(3)
        .map(|(_, choice)| choice)
        .collect()
}

/// `SequenceMatcher(None, a, b).ratio()`.
fn ratio(a: &[char], b: &[char]) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    let mut positions: HashMap<char, Vec<usize>> = HashMap::new();
    for (j, c) in b.iter().enumerate() {
        positions.entry(*c).or_default().push(j);
    }
    let mut matched = 0;
    let mut queue = vec![(0, a.len(), 0, b.len())];
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        let (i, j, k) = longest_match(a, &positions, alo, ahi, blo, bhi);
        if k > 0 {
            matched += k;
            if alo < i && blo < j {
                queue.push((alo, i, blo, j));
            }
            if i + k < ahi && j + k < bhi {
                queue.push((i + k, ahi, j + k, bhi));
            }
        }
    }
    2.0 * matched as f64 / total as f64
}

/// The longest common block of `a[alo..ahi]` and `b[blo..bhi]`; among
/// equals, the one starting earliest in `a`, then in `b`.
fn longest_match(
    a: &[char],
    positions: &HashMap<char, Vec<usize>>,
    alo: usize,
    ahi: usize,
    blo: usize,
    bhi: usize,
) -> (usize, usize, usize) {
    let (mut best_i, mut best_j, mut best_k) = (alo, blo, 0);
    let mut lengths: HashMap<usize, usize> = HashMap::new();
    for (i, c) in a.iter().enumerate().take(ahi).skip(alo) {
        let mut next = HashMap::new();
        for &j in positions.get(c).map(Vec::as_slice).unwrap_or_default() {
            if j < blo {
                continue;
            }
            if j >= bhi {
                break;
            }
            let k = j
                .checked_sub(1)
                .and_then(|p| lengths.get(&p))
                .copied()
                .unwrap_or(0)
                + 1;
            next.insert(j, k);
            if k > best_k {
                (best_i, best_j, best_k) = (i + 1 - k, j + 1 - k, k);
            }
        }
        lengths = next;
    }
    (best_i, best_j, best_k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_difflib() {
        let ops = [
            "describe-instances",
            "describe-instance-status",
            "describe-instance-types",
            "run-instances",
        ];
        assert_eq!(
            close_matches("describe-instancess", ops),
            [
                "describe-instances",
                "describe-instance-status",
                "describe-instance-types"
            ]
        );
        assert!(close_matches("ec3", ["ec2", "ecs", "s3"]).is_empty());
        assert_eq!(
            close_matches("instance-runing", ["instance-running", "instance-stopped"]),
            ["instance-running"]
        );
        assert!((ratio(&['a', 'b', 'c', 'd'], &['b', 'c', 'd', 'e']) - 0.75).abs() < 1e-12);
    }
}
