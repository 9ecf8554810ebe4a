//! What a service handler gets besides its own state and the request.

use super::{DomainEvent, IdGenerator, SimTime};

/// The per-request context: the time, the id source, the region addressed
/// and the place to put domain events.
pub struct Context<'a> {
    /// Simulated time of the request.
    pub now: SimTime,
    /// Region the request is sent to, e.g. `us-east-1`.
    pub region: &'a str,
    /// Seeded identifier generator.
    pub ids: &'a mut IdGenerator,
    /// Events raised while handling the request.
    pub events: &'a mut Vec<DomainEvent>,
}

impl Context<'_> {
    /// Raises `ResourceCreated` for a resource of `kind` (`instance`, `vpc`, ...).
    pub fn created(&mut self, kind: &str, id: impl Into<String>) {
        self.events.push(DomainEvent::ResourceCreated {
            resource_type: kind.into(),
            resource_id: id.into(),
        });
    }

    /// Raises `ResourceChanged`.
    pub fn changed(&mut self, kind: &str, id: impl Into<String>) {
        self.events.push(DomainEvent::ResourceChanged {
            resource_type: kind.into(),
            resource_id: id.into(),
        });
    }

    /// Raises `ResourceDeleted`.
    pub fn deleted(&mut self, kind: &str, id: impl Into<String>) {
        self.events.push(DomainEvent::ResourceDeleted {
            resource_type: kind.into(),
            resource_id: id.into(),
        });
    }
}
