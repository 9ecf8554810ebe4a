//! Launch templates: named, versioned launch parameters. A version's data
//! uses RunInstances' member names; RunInstances with `LaunchTemplate`
//! starts from the chosen version (`$Default`, `$Latest` or a number) and
//! lets its own parameters override it.

use super::block_devices::BlockDeviceMappingRequest;
use super::filters::{self, Filter, Filterable};
use super::paging;
use super::run_instances::{
    CreditSpecification, MetadataOptionsRequest, MonitoringSpec, NetworkInterfaceSpecification,
    Placement,
};
use super::tags::{tags_for, validate_tags, Tag, TagSpecification};
use super::RegionState;
use crate::kernel::clock::Iso8601;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, SimTime};
use crate::sts::ACCOUNT_ID;
use base64::{engine::general_purpose::STANDARD, Engine};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// One version of a template.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateVersion {
    pub number: u64,
    pub description: Option<String>,
    pub create_time: SimTime,
    /// The launch data as given, with RunInstances' member names.
    pub data: Value,
}

/// A launch template and its versions.
#[derive(Debug, Clone, PartialEq)]
pub struct LaunchTemplate {
    pub id: String,
    pub name: String,
    pub create_time: SimTime,
    pub default_version: u64,
    pub latest_version: u64,
    pub versions: BTreeMap<u64, TemplateVersion>,
}

/// `LaunchTemplateData`: what RunInstances takes, less the counts. Read
/// only to check the data; the data itself is kept as given.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LaunchTemplateData {
    #[serde(default)]
    pub image_id: Option<String>,
    #[serde(default)]
    pub instance_type: Option<String>,
    #[serde(default)]
    pub key_name: Option<String>,
    #[serde(default)]
    pub security_group_ids: Vec<String>,
    #[serde(default)]
    pub security_groups: Vec<String>,
    #[serde(default)]
    pub network_interfaces: Vec<NetworkInterfaceSpecification>,
    #[serde(default)]
    pub block_device_mappings: Vec<BlockDeviceMappingRequest>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub user_data: Option<String>,
    #[serde(default)]
    pub placement: Option<Placement>,
    #[serde(default)]
    pub credit_specification: Option<CreditSpecification>,
    #[serde(default)]
    pub disable_api_termination: Option<bool>,
    #[serde(default)]
    pub disable_api_stop: Option<bool>,
    #[serde(default)]
    pub instance_initiated_shutdown_behavior: Option<String>,
    #[serde(default)]
    pub metadata_options: Option<MetadataOptionsRequest>,
    #[serde(default)]
    pub monitoring: Option<MonitoringSpec>,
    #[serde(default)]
    pub ebs_optimized: Option<bool>,
}

/// Request of CreateLaunchTemplate.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateLaunchTemplateRequest {
    pub launch_template_name: String,
    pub launch_template_data: Value,
    #[serde(default)]
    pub version_description: Option<String>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub client_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of CreateLaunchTemplateVersion.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateLaunchTemplateVersionRequest {
    #[serde(default)]
    pub launch_template_id: Option<String>,
    #[serde(default)]
    pub launch_template_name: Option<String>,
    pub launch_template_data: Value,
    #[serde(default)]
    pub source_version: Option<String>,
    #[serde(default)]
    pub version_description: Option<String>,
    #[serde(default)]
    pub client_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of ModifyLaunchTemplate, DeleteLaunchTemplate and the template
/// part of other requests.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TemplateRequest {
    #[serde(default)]
    pub launch_template_id: Option<String>,
    #[serde(default)]
    pub launch_template_name: Option<String>,
    /// ModifyLaunchTemplate's new default version.
    #[serde(default)]
    pub default_version: Option<String>,
    #[serde(default)]
    pub client_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DescribeLaunchTemplates.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeLaunchTemplatesRequest {
    #[serde(default)]
    pub launch_template_ids: Vec<String>,
    #[serde(default)]
    pub launch_template_names: Vec<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DescribeLaunchTemplateVersions and DeleteLaunchTemplateVersions.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TemplateVersionsRequest {
    #[serde(default)]
    pub launch_template_id: Option<String>,
    #[serde(default)]
    pub launch_template_name: Option<String>,
    #[serde(default)]
    pub versions: Vec<String>,
    #[serde(default)]
    pub min_version: Option<String>,
    #[serde(default)]
    pub max_version: Option<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// A template as the API prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateDescription {
    pub launch_template_id: String,
    pub launch_template_name: String,
    pub create_time: Iso8601,
    pub created_by: String,
    pub default_version_number: u64,
    pub latest_version_number: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// A version as the API prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateVersionDescription {
    pub launch_template_id: String,
    pub launch_template_name: String,
    pub version_number: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_description: Option<String>,
    pub create_time: Iso8601,
    pub created_by: String,
    pub default_version: bool,
    pub launch_template_data: Value,
}

/// Response of CreateLaunchTemplate, ModifyLaunchTemplate and DeleteLaunchTemplate.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateResponse {
    pub launch_template: LaunchTemplateDescription,
}

/// Response of CreateLaunchTemplateVersion.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateLaunchTemplateVersionResponse {
    pub launch_template_version: LaunchTemplateVersionDescription,
}

/// Response of DescribeLaunchTemplates.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLaunchTemplatesResponse {
    pub launch_templates: Vec<LaunchTemplateDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Response of DescribeLaunchTemplateVersions.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLaunchTemplateVersionsResponse {
    pub launch_template_versions: Vec<LaunchTemplateVersionDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// One entry of DeleteLaunchTemplateVersions' results.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeletedVersion {
    pub launch_template_id: String,
    pub launch_template_name: String,
    pub version_number: u64,
}

/// Response of DeleteLaunchTemplateVersions.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteLaunchTemplateVersionsResponse {
    pub successfully_deleted_launch_template_versions: Vec<DeletedVersion>,
    pub unsuccessfully_deleted_launch_template_versions: Vec<Value>,
}

impl Filterable for LaunchTemplateDescription {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let one = |value: String| Some(vec![value]);
        match name {
            "launch-template-name" => one(self.launch_template_name.clone()),
            "create-time" => one(self.create_time.to_string()),
            other => filters::tag_filter_values(other, self.tags.as_deref().unwrap_or_default()),
        }
    }
}

impl Filterable for LaunchTemplateVersionDescription {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let data = |key: &str| {
            Some(
                self.launch_template_data
                    .get(key)
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .into_iter()
                    .collect(),
            )
        };
        match name {
            "is-default-version" => Some(filters::bool_value(self.default_version)),
            "image-id" => data("ImageId"),
            "instance-type" => data("InstanceType"),
            "kernel-id" | "ram-disk-id" => Some(vec![]),
            _ => None,
        }
    }
}

const NAME_RULES: &str = "A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.";

fn created_by() -> String {
    format!("arn:aws:iam::{ACCOUNT_ID}:user/learner")
}

fn check_name(name: &str) -> Result<(), ApiError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-()./_".contains(c);
    if (3..=128).contains(&name.chars().count()) && name.chars().all(allowed) {
        Ok(())
    } else {
        Err(ApiError::new(
            "InvalidLaunchTemplateName.MalformedException",
            NAME_RULES,
        ))
    }
}

/// Checks `data` against LaunchTemplateData's members and types.
/// A template's user data must already be base64: unlike RunInstances,
/// the CLI does not encode it, and EC2 refuses text it cannot decode.
fn check_data(data: &Value) -> Result<(), ApiError> {
    let data = LaunchTemplateData::from_param(data.clone()).map_err(ApiError::from)?;
    match data.user_data {
        Some(encoded) if STANDARD.decode(encoded.trim()).is_err() => Err(ApiError::new(
            "InvalidUserData.Malformed",
            "Invalid BASE64 encoding of user data.",
        )),
        _ => Ok(()),
    }
}

fn name_not_found() -> ApiError {
    ApiError::new(
        "InvalidLaunchTemplateName.NotFoundException",
        "At least one of the launch templates specified in the request does not exist.",
    )
}

fn id_not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidLaunchTemplateId.NotFound",
        format!("The specified launch template, with template ID {id}, does not exist."),
    )
}

impl LaunchTemplate {
    fn describe(&self, tags: Option<Vec<Tag>>) -> LaunchTemplateDescription {
        LaunchTemplateDescription {
            launch_template_id: self.id.clone(),
            launch_template_name: self.name.clone(),
            create_time: Iso8601(self.create_time),
            created_by: created_by(),
            default_version_number: self.default_version,
            latest_version_number: self.latest_version,
            tags,
        }
    }

    fn describe_version(&self, version: &TemplateVersion) -> LaunchTemplateVersionDescription {
        LaunchTemplateVersionDescription {
            launch_template_id: self.id.clone(),
            launch_template_name: self.name.clone(),
            version_number: version.number,
            version_description: version.description.clone(),
            create_time: Iso8601(version.create_time),
            created_by: created_by(),
            default_version: version.number == self.default_version,
            launch_template_data: version.data.clone(),
        }
    }

    /// The version `text` names: `$Default`, `$Latest` or a number.
    pub fn version(&self, text: &str) -> Result<&TemplateVersion, ApiError> {
        let number = match text {
            "$Default" => Some(self.default_version),
            "$Latest" => Some(self.latest_version),
            other => other.parse().ok(),
        };
        number.and_then(|n| self.versions.get(&n)).ok_or_else(|| {
            ApiError::new(
                "InvalidLaunchTemplateId.VersionNotFound",
                format!(
                    "Could not find launch template version {text} for launch template with ID {}.",
                    self.id
                ),
            )
        })
    }
}

impl RegionState {
    /// The template an id or a name picks (exactly one must be given).
    pub fn launch_template(
        &self,
        id: Option<&str>,
        name: Option<&str>,
    ) -> Result<&LaunchTemplate, ApiError> {
        match (id, name) {
            (Some(id), None) => self.launch_templates.get(id).ok_or_else(|| id_not_found(id)),
            (None, Some(name)) => self
                .launch_templates
                .values()
                .find(|t| t.name == name)
                .ok_or_else(name_not_found),
            _ => Err(ApiError::new(
                "MissingParameter",
                "The request must include either a launch template ID or a launch template name, but not both.",
            )),
        }
    }

    fn template_id(&self, id: Option<&str>, name: Option<&str>) -> Result<String, ApiError> {
        self.launch_template(id, name).map(|t| t.id.clone())
    }

    /// CreateLaunchTemplate: the template with its version 1, the default.
    pub fn create_launch_template(
        &mut self,
        ctx: &mut Context,
        request: CreateLaunchTemplateRequest,
    ) -> Result<LaunchTemplateResponse, ApiError> {
        check_name(&request.launch_template_name)?;
        if self
            .launch_templates
            .values()
            .any(|t| t.name == request.launch_template_name)
        {
            return Err(ApiError::new(
                "InvalidLaunchTemplateName.AlreadyExistsException",
                "Launch template name already in use.",
            ));
        }
        check_data(&request.launch_template_data)?;
        let tags = tags_for(&request.tag_specifications, "launch-template");
        validate_tags(&tags)?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let id = ctx.ids.next("lt");
        let template = LaunchTemplate {
            id: id.clone(),
            name: request.launch_template_name,
            create_time: ctx.now,
            default_version: 1,
            latest_version: 1,
            versions: BTreeMap::from([(
                1,
                TemplateVersion {
                    number: 1,
                    description: request.version_description,
                    create_time: ctx.now,
                    data: request.launch_template_data,
                },
            )]),
        };
        self.tags.set(&id, &tags);
        let launch_template = template.describe(self.tags.optional(&id));
        self.launch_templates.insert(id.clone(), template);
        ctx.created("launch-template", id);
        Ok(LaunchTemplateResponse { launch_template })
    }

    /// CreateLaunchTemplateVersion: the next number; with SourceVersion,
    /// the new data is laid over that version's.
    pub fn create_launch_template_version(
        &mut self,
        ctx: &mut Context,
        request: CreateLaunchTemplateVersionRequest,
    ) -> Result<CreateLaunchTemplateVersionResponse, ApiError> {
        let id = self.template_id(
            request.launch_template_id.as_deref(),
            request.launch_template_name.as_deref(),
        )?;
        let template = self.launch_template(Some(&id), None)?;
        let data = match &request.source_version {
            Some(source) => overlay(
                &template.version(source)?.data,
                &request.launch_template_data,
            ),
            None => request.launch_template_data.clone(),
        };
        check_data(&data)?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let Some(template) = self.launch_templates.get_mut(&id) else {
            return Err(id_not_found(&id));
        };
        template.latest_version += 1;
        let version = TemplateVersion {
            number: template.latest_version,
            description: request.version_description,
            create_time: ctx.now,
            data,
        };
        let described = template.describe_version(&version);
        template.versions.insert(version.number, version);
        ctx.changed("launch-template", id);
        Ok(CreateLaunchTemplateVersionResponse {
            launch_template_version: described,
        })
    }

    /// ModifyLaunchTemplate: sets the default version.
    pub fn modify_launch_template(
        &mut self,
        ctx: &mut Context,
        request: TemplateRequest,
    ) -> Result<LaunchTemplateResponse, ApiError> {
        let id = self.template_id(
            request.launch_template_id.as_deref(),
            request.launch_template_name.as_deref(),
        )?;
        let number = match &request.default_version {
            Some(version) => Some(
                self.launch_template(Some(&id), None)?
                    .version(version)?
                    .number,
            ),
            None => None,
        };
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let tags = self.tags.optional(&id);
        let Some(template) = self.launch_templates.get_mut(&id) else {
            return Err(id_not_found(&id));
        };
        if let Some(number) = number {
            template.default_version = number;
        }
        let launch_template = template.describe(tags);
        ctx.changed("launch-template", id);
        Ok(LaunchTemplateResponse { launch_template })
    }

    /// DeleteLaunchTemplate: the template and all its versions.
    pub fn delete_launch_template(
        &mut self,
        ctx: &mut Context,
        request: TemplateRequest,
    ) -> Result<LaunchTemplateResponse, ApiError> {
        let id = self.template_id(
            request.launch_template_id.as_deref(),
            request.launch_template_name.as_deref(),
        )?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let tags = self.tags.optional(&id);
        let Some(template) = self.launch_templates.shift_remove(&id) else {
            return Err(id_not_found(&id));
        };
        self.deleted(ctx, "launch-template", &id);
        Ok(LaunchTemplateResponse {
            launch_template: template.describe(tags),
        })
    }

    /// DeleteLaunchTemplateVersions: any version but the default.
    pub fn delete_launch_template_versions(
        &mut self,
        ctx: &mut Context,
        request: TemplateVersionsRequest,
    ) -> Result<DeleteLaunchTemplateVersionsResponse, ApiError> {
        let id = self.template_id(
            request.launch_template_id.as_deref(),
            request.launch_template_name.as_deref(),
        )?;
        if request.versions.is_empty() {
            return Err(ApiError::missing_parameter("LaunchTemplateVersion"));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let Some(template) = self.launch_templates.get_mut(&id) else {
            return Err(id_not_found(&id));
        };
        let mut deleted = Vec::new();
        let mut refused = Vec::new();
        for text in &request.versions {
            let number = text
                .parse::<u64>()
                .ok()
                .filter(|n| template.versions.contains_key(n));
            match number {
                Some(n) if n == template.default_version => refused.push(serde_json::json!({
                    "LaunchTemplateId": id, "LaunchTemplateName": template.name, "VersionNumber": n,
                    "ResponseError": {"Code": "launchTemplateVersionIsDefault", "Message": "The version you are trying to delete is the default version."}
                })),
                Some(n) => {
                    template.versions.remove(&n);
                    deleted.push(DeletedVersion {
                        launch_template_id: id.clone(),
                        launch_template_name: template.name.clone(),
                        version_number: n,
                    });
                }
                None => refused.push(serde_json::json!({
                    "LaunchTemplateId": id, "LaunchTemplateName": template.name,
                    "ResponseError": {"Code": "launchTemplateVersionDoesNotExist", "Message": "The specified launch template version does not exist."}
                })),
            }
        }
        ctx.changed("launch-template", id);
        Ok(DeleteLaunchTemplateVersionsResponse {
            successfully_deleted_launch_template_versions: deleted,
            unsuccessfully_deleted_launch_template_versions: refused,
        })
    }

    /// DescribeLaunchTemplates.
    pub fn describe_launch_templates(
        &self,
        request: &DescribeLaunchTemplatesRequest,
    ) -> Result<DescribeLaunchTemplatesResponse, ApiError> {
        for id in &request.launch_template_ids {
            self.launch_template(Some(id), None)?;
        }
        for name in &request.launch_template_names {
            self.launch_template(None, Some(name))?;
        }
        let described = self
            .launch_templates
            .values()
            .filter(|t| {
                (request.launch_template_ids.is_empty()
                    || request.launch_template_ids.contains(&t.id))
                    && (request.launch_template_names.is_empty()
                        || request.launch_template_names.contains(&t.name))
            })
            .map(|t| t.describe(self.tags.optional(&t.id)))
            .collect();
        let (launch_templates, next_token) = paging::page(
            "launch-templates",
            filters::select(described, &request.filters)?,
            request.max_results,
            request.next_token.as_deref(),
            200,
        )?;
        Ok(DescribeLaunchTemplatesResponse {
            launch_templates,
            next_token,
        })
    }

    /// DescribeLaunchTemplateVersions: the versions asked for (every one
    /// when none is named), within MinVersion..=MaxVersion.
    pub fn describe_launch_template_versions(
        &self,
        request: &TemplateVersionsRequest,
    ) -> Result<DescribeLaunchTemplateVersionsResponse, ApiError> {
        let template = self.launch_template(
            request.launch_template_id.as_deref(),
            request.launch_template_name.as_deref(),
        )?;
        let chosen: Vec<&TemplateVersion> = if request.versions.is_empty() {
            template.versions.values().collect()
        } else {
            request
                .versions
                .iter()
                .map(|v| template.version(v))
                .collect::<Result<_, _>>()?
        };
        let bound = |text: &Option<String>| text.as_deref().and_then(|t| t.parse::<u64>().ok());
        let (min, max) = (bound(&request.min_version), bound(&request.max_version));
        let described = chosen
            .into_iter()
            .filter(|v| min.is_none_or(|m| v.number >= m) && max.is_none_or(|m| v.number <= m))
            .map(|v| template.describe_version(v))
            .collect();
        let (launch_template_versions, next_token) = paging::page(
            "launch-template-versions",
            filters::select(described, &request.filters)?,
            request.max_results,
            request.next_token.as_deref(),
            200,
        )?;
        Ok(DescribeLaunchTemplateVersionsResponse {
            launch_template_versions,
            next_token,
        })
    }

    /// RunInstances' parameters with a `LaunchTemplate`: the version's data
    /// under the request's own members (which win), and the template's id
    /// and version number for the instances' `aws:` tags.
    pub fn with_launch_template(
        &self,
        params: Value,
    ) -> Result<(Value, Option<(String, u64)>), ApiError> {
        let Some(spec) = params.get("LaunchTemplate").cloned() else {
            return Ok((params, None));
        };
        let text = |key: &str| spec.get(key).and_then(Value::as_str);
        let template =
            self.launch_template(text("LaunchTemplateId"), text("LaunchTemplateName"))?;
        let version = template.version(text("Version").unwrap_or("$Default"))?;
        let mut merged = overlay(&version.data, &params);
        if let Value::Object(map) = &mut merged {
            map.remove("LaunchTemplate");
        }
        Ok((merged, Some((template.id.clone(), version.number))))
    }
}

/// `base` with `over`'s top-level members laid on top.
fn overlay(base: &Value, over: &Value) -> Value {
    let mut merged = base.as_object().cloned().unwrap_or_default();
    if let Some(over) = over.as_object() {
        for (key, value) in over {
            merged.insert(key.clone(), value.clone());
        }
    }
    Value::Object(merged)
}
