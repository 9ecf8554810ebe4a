//! AWS Security Token Service: who am I? Every tutorial starts with
//! `aws sts get-caller-identity`.

use serde::Serialize;

/// The sandbox's account, as AWS documentation examples use it.
pub const ACCOUNT_ID: &str = "123456789012";

/// The learner's IAM user name.
pub const USER_NAME: &str = "learner";

/// Response of GetCallerIdentity.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetCallerIdentityResponse {
    pub user_id: String,
    pub account: String,
    pub arn: String,
}

/// The learner's identity: an IAM user in the sandbox account.
pub fn get_caller_identity() -> GetCallerIdentityResponse {
    GetCallerIdentityResponse {
        // IAM user ids are "AIDA" plus 17 upper-case characters.
        user_id: "AIDASANDBOXLEARNER012".to_string(),
        account: ACCOUNT_ID.to_string(),
        arn: format!("arn:aws:iam::{ACCOUNT_ID}:user/{USER_NAME}"),
    }
}
