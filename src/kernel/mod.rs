//! The kernel: simulated time, seeded identifiers, errors, request
//! parameters, the journal and domain events. Every service builds on it;
//! it imports no service.

pub mod calendar;
pub mod clock;
pub mod context;
pub mod error;
pub mod events;
pub mod hash;
pub mod ids;
pub mod journal;
pub mod params;
pub mod region_turns;
pub mod revision;
pub mod rng;
pub mod wildcard;

pub use clock::{Clock, Scheduler, SimTime};
pub use context::Context;
pub use error::ApiError;
pub use events::DomainEvent;
pub use ids::IdGenerator;
pub use journal::{Journal, JournalEntry};
pub use region_turns::{RegionTurns, TakesTurns, TurnRequest};
pub use revision::{Memo, Revision};
pub use rng::SeededRng;
