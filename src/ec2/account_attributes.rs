//! DescribeAccountAttributes: what the account may do in a region (its
//! default VPC, platforms, legacy limits).

use super::RegionState;
use crate::kernel::params::FromParam;
use crate::kernel::ApiError;
use serde::Serialize;

/// Request of DescribeAccountAttributes.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAccountAttributesRequest {
    #[serde(default)]
    pub attribute_names: Vec<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// One value of an attribute.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccountAttributeValue {
    pub attribute_value: String,
}

/// One attribute and its values.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccountAttribute {
    pub attribute_name: &'static str,
    pub attribute_values: Vec<AccountAttributeValue>,
}

/// Response of DescribeAccountAttributes.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAccountAttributesResponse {
    pub account_attributes: Vec<AccountAttribute>,
}

impl RegionState {
    /// The account's attributes in this region, in the order EC2 lists
    /// them. `max-instances` and the Elastic IP limits are the legacy
    /// figures EC2 still reports; `elastic_ip_limit` is the account's quota.
    pub fn describe_account_attributes(
        &self,
        request: &DescribeAccountAttributesRequest,
        elastic_ip_limit: u64,
    ) -> Result<DescribeAccountAttributesResponse, ApiError> {
        let default_vpc = self
            .default_vpc()
            .map_or_else(|| "none".to_string(), |vpc| vpc.id.clone());
        let all = [
            ("supported-platforms", vec!["VPC".to_string()]),
            ("vpc-max-security-groups-per-interface", vec!["5".into()]),
            ("max-elastic-ips", vec![elastic_ip_limit.to_string()]),
            ("max-instances", vec!["20".into()]),
            ("vpc-max-elastic-ips", vec![elastic_ip_limit.to_string()]),
            ("default-vpc", vec![default_vpc]),
        ];
        if let Some(unknown) = request
            .attribute_names
            .iter()
            .find(|name| !all.iter().any(|(known, _)| known == name))
        {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!(
                    "Value ({unknown}) for parameter attributeName is invalid. Unknown attribute."
                ),
            ));
        }
        Ok(DescribeAccountAttributesResponse {
            account_attributes: all
                .into_iter()
                .filter(|(name, _)| {
                    request.attribute_names.is_empty()
                        || request.attribute_names.iter().any(|n| n == name)
                })
                .map(|(name, values)| AccountAttribute {
                    attribute_name: name,
                    attribute_values: values
                        .into_iter()
                        .map(|attribute_value| AccountAttributeValue { attribute_value })
                        .collect(),
                })
                .collect(),
        })
    }
}
