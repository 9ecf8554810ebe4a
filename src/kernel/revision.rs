//! A count of the moments the world may have changed: every change that
//! is not a read bumps it. Work that depends only on the world as it is
//! (a health check's verdict, for one) can be kept and reused until the
//! count moves on.

/// The world's revision. A cache key, not part of the world's state: two
/// worlds never differ by it (a replay may count differently), so every
/// revision equals every other; compare [`Revision::number`]s instead.
#[derive(Debug, Clone, Copy, Default)]
pub struct Revision(u64);

impl Revision {
    /// Notes that the world may have changed.
    pub fn bump(&mut self) {
        self.0 = self.0.wrapping_add(1);
    }

    /// The count: equal numbers mean nothing changed in between.
    pub fn number(self) -> u64 {
        self.0
    }
}

impl PartialEq for Revision {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Revision {}

/// A value worked out at some revision of the world, reused while the
/// revision stays the same. Like [`Revision`], never part of the state
/// it sits in: two memos always compare equal.
#[derive(Debug, Clone, Copy)]
pub struct Memo<T>(Option<(u64, T)>);

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Self(None)
    }
}

impl<T: Copy> Memo<T> {
    /// The value kept at `revision`, if one was.
    pub fn at(&self, revision: Revision) -> Option<T> {
        self.0
            .filter(|(kept, _)| *kept == revision.number())
            .map(|(_, value)| value)
    }

    /// Keeps `value` as worked out at `revision`.
    pub fn keep(&mut self, revision: Revision, value: T) {
        self.0 = Some((revision.number(), value));
    }
}

impl<T> PartialEq for Memo<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> Eq for Memo<T> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memo_holds_only_at_the_revision_it_was_kept_at() {
        let mut revision = Revision::default();
        let mut memo = Memo::default();
        assert_eq!(memo.at(revision), None);
        memo.keep(revision, 7);
        assert_eq!(memo.at(revision), Some(7));
        revision.bump();
        assert_eq!(memo.at(revision), None);
    }

    #[test]
    fn neither_counts_as_state() {
        let mut bumped = Revision::default();
        bumped.bump();
        assert_eq!(bumped, Revision::default());
        let mut kept = Memo::default();
        kept.keep(bumped, 1);
        assert_eq!(kept, Memo::default());
    }
}
