//! Routing: a request (service, action, params) goes to the handler of that
//! service, as typed request and response structs.

mod autoscaling_routes;
mod ce_routes;
mod cloudwatch_routes;
pub mod codec;
mod ec2_routes;
mod ecs_routes;
mod elb_routes;
mod quota_routes;
mod response;
mod sts_routes;
pub mod world;

pub use response::ApiResponse;
pub use world::World;

/// True for actions that only read state (`Describe*`, `List*`, `Get*`);
/// they are not journaled because replaying them changes nothing.
pub fn is_read_only(action: &str) -> bool {
    ["Describe", "List", "Get"]
        .iter()
        .any(|prefix| action.starts_with(prefix))
}
