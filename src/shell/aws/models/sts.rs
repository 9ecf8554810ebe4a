//! AWS Security Token Service as the CLI sees it (`sts/2011-06-15`).

use crate::shell::aws::model::{Operation, Service};

/// `aws sts`.
pub(crate) const SERVICE: Service = Service {
    name: "sts",
    summary: "AWS Security Token Service: who am I?",
    operations: OPERATIONS,
    all_operations: ALL_OPERATIONS,
    waiters: &[],
    unsimulated_waiters: &[],
};

/// The operations the sandbox simulates, with their input shapes.
pub(crate) const OPERATIONS: &[Operation] = &[Operation {
    name: "GetCallerIdentity",
    summary: "Show the account and identity the CLI is using.",
    input: &[],
    paginator: None,
}];

/// Every operation of the real service (API names), for telling a real
/// but unsimulated command apart from a typo.
pub(crate) const ALL_OPERATIONS: &str = "\
    AssumeRole \
    AssumeRoleWithSAML \
    AssumeRoleWithWebIdentity \
    AssumeRoot \
    DecodeAuthorizationMessage \
    GetAccessKeyInfo \
    GetCallerIdentity \
    GetDelegatedAccessToken \
    GetFederationToken \
    GetSessionToken \
    GetWebIdentityToken";
