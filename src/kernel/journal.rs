//! The journal: every request and clock advance, in order. Replaying it from
//! the same seed rebuilds the same world, which is how undo and export work.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One thing that changed the world.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum JournalEntry {
    /// An API request (`call`).
    Call {
        service: String,
        action: String,
        params: Value,
        /// Region the request went to; absent means the default region.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        region: Option<String>,
    },
    /// A terminal command line (`exec`), which may make several requests.
    Exec {
        line: String,
        /// True for a line that changed nothing but the terminal's history
        /// (a Describe, `ls`): replayed, so history is rebuilt, but skipped
        /// over by undo.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        read_only: bool,
    },
    /// Simulated time passing.
    Advance { seconds: u64 },
    /// A lesson was started; replaying it runs the lesson's setup lines again.
    LessonStart { lesson: String },
}

/// The ordered record of entries.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Journal {
    entries: Vec<JournalEntry>,
}

impl Journal {
    /// Appends `entry`; consecutive advances merge into one so that a running
    /// page clock does not flood the journal.
    pub fn record(&mut self, entry: JournalEntry) {
        if let (Some(JournalEntry::Advance { seconds: last }), JournalEntry::Advance { seconds }) =
            (self.entries.last_mut(), &entry)
        {
            *last = last.saturating_add(*seconds);
            return;
        }
        self.entries.push(entry);
    }

    /// The entries in order.
    pub fn entries(&self) -> &[JournalEntry] {
        &self.entries
    }

    /// Removes the last entry that changed something, with the read-only
    /// lines after it. Returns false, leaving the journal as it was, when
    /// nothing but read-only lines was recorded.
    pub fn pop_change(&mut self) -> bool {
        let Some(index) = self.entries.iter().rposition(|e| {
            !matches!(
                e,
                JournalEntry::Exec {
                    read_only: true,
                    ..
                }
            )
        }) else {
            return false;
        };
        self.entries.truncate(index);
        true
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_advances_merge() {
        let mut j = Journal::default();
        j.record(JournalEntry::Advance { seconds: 5 });
        j.record(JournalEntry::Advance { seconds: 7 });
        j.record(JournalEntry::Exec {
            line: "ls".into(),
            read_only: false,
        });
        j.record(JournalEntry::Advance { seconds: 1 });
        assert_eq!(j.len(), 3);
        assert_eq!(j.entries()[0], JournalEntry::Advance { seconds: 12 });
    }

    #[test]
    fn pop_change_skips_read_only_lines() {
        let line = |text: &str, read_only| JournalEntry::Exec {
            line: text.into(),
            read_only,
        };
        let mut j = Journal::default();
        j.record(line("ls", true));
        assert!(!j.pop_change(), "nothing to undo");
        assert_eq!(j.len(), 1);
        j.record(line("aws ec2 run-instances", false));
        j.record(line("aws ec2 describe-instances", true));
        assert!(j.pop_change());
        assert_eq!(j.entries(), &[line("ls", true)]);
    }
}
