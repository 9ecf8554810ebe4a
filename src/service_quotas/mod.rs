//! Service Quotas: the limits an account runs into, visible and raisable.
//! The sandbox approves increase requests at once, where AWS takes hours.

use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, IdGenerator};
use crate::sts::ACCOUNT_ID;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Quota code of "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances".
pub const STANDARD_VCPUS: &str = "L-1216C47A";
/// Quota code of "Running On-Demand G and VT instances".
pub const GPU_G_VCPUS: &str = "L-DB2E81BA";
/// Quota code of "Running On-Demand P instances".
pub const GPU_P_VCPUS: &str = "L-417A185B";
/// Quota code of "EC2-VPC Elastic IPs".
pub const ELASTIC_IPS: &str = "L-0263D0A3";

struct QuotaDefinition {
    code: &'static str,
    name: &'static str,
    default: f64,
}

/// EC2 quotas of a new account, as a teaching default: 32 standard vCPUs and
/// no GPU capacity, which is what many new accounts really get.
const EC2_QUOTAS: &[QuotaDefinition] = &[
    QuotaDefinition {
        code: ELASTIC_IPS,
        name: "EC2-VPC Elastic IPs",
        default: 5.0,
    },
    QuotaDefinition {
        code: STANDARD_VCPUS,
        name: "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances",
        default: 32.0,
    },
    QuotaDefinition {
        code: GPU_P_VCPUS,
        name: "Running On-Demand P instances",
        default: 0.0,
    },
    QuotaDefinition {
        code: GPU_G_VCPUS,
        name: "Running On-Demand G and VT instances",
        default: 0.0,
    },
];

const EC2_SERVICE_NAME: &str = "Amazon Elastic Compute Cloud (Amazon EC2)";

/// Raised quota values per region and quota code; the rest are defaults.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ServiceQuotas {
    raised: BTreeMap<(String, String), f64>,
}

/// Request of GetServiceQuota.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetServiceQuotaRequest {
    pub service_code: String,
    pub quota_code: String,
    #[serde(default)]
    pub context_id: Option<String>,
}

/// Request of ListServiceQuotas.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListServiceQuotasRequest {
    pub service_code: String,
    #[serde(default)]
    pub quota_code: Option<String>,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
}

/// Request of RequestServiceQuotaIncrease.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RequestServiceQuotaIncreaseRequest {
    pub service_code: String,
    pub quota_code: String,
    pub desired_value: f64,
}

/// One quota as Service Quotas describes it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Quota {
    pub service_code: String,
    pub service_name: String,
    pub quota_arn: String,
    pub quota_code: String,
    pub quota_name: String,
    pub value: f64,
    pub unit: String,
    pub adjustable: bool,
    pub global_quota: bool,
    pub quota_applied_at_level: String,
}

/// Response of GetServiceQuota.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetServiceQuotaResponse {
    pub quota: Quota,
}

/// Response of ListServiceQuotas.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListServiceQuotasResponse {
    pub quotas: Vec<Quota>,
}

/// A quota increase request.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RequestedQuota {
    pub id: String,
    pub service_code: String,
    pub service_name: String,
    pub quota_code: String,
    pub quota_name: String,
    pub desired_value: f64,
    pub status: String,
    pub created: String,
    pub last_updated: String,
    pub requester: String,
    pub quota_arn: String,
    pub global_quota: bool,
    pub unit: String,
    pub quota_requested_at_level: String,
}

/// Response of RequestServiceQuotaIncrease.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RequestServiceQuotaIncreaseResponse {
    pub requested_quota: RequestedQuota,
}

impl ServiceQuotas {
    /// The value in force for `code` in `region`, if the quota exists.
    pub fn value(&self, region: &str, code: &str) -> Option<f64> {
        let definition = EC2_QUOTAS.iter().find(|q| q.code == code)?;
        Some(
            self.raised
                .get(&(region.to_string(), code.to_string()))
                .copied()
                .unwrap_or(definition.default),
        )
    }

    fn describe(&self, region: &str, definition: &QuotaDefinition) -> Quota {
        Quota {
            service_code: "ec2".into(),
            service_name: EC2_SERVICE_NAME.into(),
            quota_arn: format!(
                "arn:aws:servicequotas:{region}:{ACCOUNT_ID}:ec2/{}",
                definition.code
            ),
            quota_code: definition.code.into(),
            quota_name: definition.name.into(),
            value: self
                .value(region, definition.code)
                .unwrap_or(definition.default),
            unit: "None".into(),
            adjustable: true,
            global_quota: false,
            quota_applied_at_level: "ACCOUNT".into(),
        }
    }

    fn definition(
        service_code: &str,
        quota_code: &str,
    ) -> Result<&'static QuotaDefinition, ApiError> {
        if service_code != "ec2" {
            return Err(no_such_resource());
        }
        EC2_QUOTAS
            .iter()
            .find(|q| q.code == quota_code)
            .ok_or_else(no_such_resource)
    }

    /// GetServiceQuota.
    pub fn get_service_quota(
        &self,
        ctx: &Context,
        request: GetServiceQuotaRequest,
    ) -> Result<GetServiceQuotaResponse, ApiError> {
        let definition = Self::definition(&request.service_code, &request.quota_code)?;
        Ok(GetServiceQuotaResponse {
            quota: self.describe(ctx.region, definition),
        })
    }

    /// ListServiceQuotas.
    pub fn list_service_quotas(
        &self,
        ctx: &Context,
        request: ListServiceQuotasRequest,
    ) -> Result<ListServiceQuotasResponse, ApiError> {
        if request.service_code != "ec2" {
            return Err(no_such_resource());
        }
        let quotas = EC2_QUOTAS
            .iter()
            .filter(|q| {
                request
                    .quota_code
                    .as_deref()
                    .is_none_or(|code| code == q.code)
            })
            .map(|q| self.describe(ctx.region, q))
            .collect();
        Ok(ListServiceQuotasResponse { quotas })
    }

    /// RequestServiceQuotaIncrease: approved at once in the sandbox.
    pub fn request_increase(
        &mut self,
        ctx: &mut Context,
        request: RequestServiceQuotaIncreaseRequest,
    ) -> Result<RequestServiceQuotaIncreaseResponse, ApiError> {
        let definition = Self::definition(&request.service_code, &request.quota_code)?;
        let current = self
            .value(ctx.region, definition.code)
            .unwrap_or(definition.default);
        if !request.desired_value.is_finite() || request.desired_value <= current {
            return Err(ApiError::new(
                "IllegalArgumentException",
                format!(
                    "The requested value {} is not greater than the current value {current}.",
                    request.desired_value
                ),
            ));
        }
        self.raised.insert(
            (ctx.region.to_string(), definition.code.to_string()),
            request.desired_value,
        );
        let now = crate::kernel::clock::iso8601(ctx.now);
        Ok(RequestServiceQuotaIncreaseResponse {
            requested_quota: RequestedQuota {
                id: request_id(ctx.ids),
                service_code: "ec2".into(),
                service_name: EC2_SERVICE_NAME.into(),
                quota_code: definition.code.into(),
                quota_name: definition.name.into(),
                desired_value: request.desired_value,
                status: "APPROVED".into(),
                created: now.clone(),
                last_updated: now,
                requester: format!("arn:aws:iam::{ACCOUNT_ID}:user/{}", crate::sts::USER_NAME),
                quota_arn: format!(
                    "arn:aws:servicequotas:{}:{ACCOUNT_ID}:ec2/{}",
                    ctx.region, definition.code
                ),
                global_quota: false,
                unit: "None".into(),
                quota_requested_at_level: "ACCOUNT".into(),
            },
        })
    }
}

fn request_id(ids: &mut IdGenerator) -> String {
    ids.hex(32)
}

fn no_such_resource() -> ApiError {
    ApiError::new(
        "NoSuchResourceException",
        "The request failed because the specified service or quota does not exist.",
    )
}
