//! Work whose answer comes later (a search, a worker's match, a training
//! job), of which only the last asked for may be used: each ask takes a
//! ticket, and an answer is used only while its ticket is still the last.

use std::cell::Cell;

/// Counts the jobs of one kind asked for.
#[derive(Debug, Default)]
pub struct Latest(Cell<u32>);

impl Latest {
    pub const fn new() -> Self {
        Latest(Cell::new(0))
    }

    /// A new job's ticket: from now on every earlier one is stale.
    pub fn ask(&self) -> u32 {
        let ticket = self.0.get().wrapping_add(1);
        self.0.set(ticket);
        ticket
    }

    /// The last ticket handed out.
    pub fn last(&self) -> u32 {
        self.0.get()
    }

    /// Whether `ticket` is still the last job asked for.
    pub fn is_last(&self, ticket: u32) -> bool {
        self.0.get() == ticket
    }
}

#[cfg(test)]
mod tests {
    use super::Latest;

    #[test]
    fn only_the_last_ticket_is_the_last() {
        let latest = Latest::new();
        let first = latest.ask();
        assert!(latest.is_last(first));
        let second = latest.ask();
        assert!(!latest.is_last(first));
        assert!(latest.is_last(second));
        assert_ne!(first, second);
    }
}
