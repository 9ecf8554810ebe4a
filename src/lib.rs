//! aws-sandbox: a deterministic simulation of one AWS account.
//!
//! Layers, top to bottom (imports run downward only): [`sandbox`] (the one
//! entry point), [`lessons`], [`shell`], [`api`] (routing), the services
//! ([`ec2`], [`ecs`], [`autoscaling`], [`elb`], [`cloudwatch`], [`sts`], [`service_quotas`], [`billing`]) and [`kernel`].

pub mod api;
pub mod autoscaling;
pub mod billing;
pub mod cloudwatch;
pub mod ec2;
pub mod ecs;
pub mod elb;
pub mod kernel;
pub mod lessons;
pub mod sandbox;
pub mod service_quotas;
pub mod shell;
pub mod sts;
pub mod traffic;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use api::ApiResponse;
pub use kernel::{ApiError, DomainEvent};
pub use sandbox::{ExecOutput, Sandbox};
