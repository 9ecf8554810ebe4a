//! Key pairs: CreateKeyPair (the private key is shown once), ImportKeyPair,
//! DescribeKeyPairs, DeleteKeyPair.

use super::filters::{self, Filter, Filterable};
use super::tags::{tags_for, Tag, TagSpecification};
use super::RegionState;
use crate::kernel::params::FromParam;
use crate::kernel::{clock, hash, ApiError, Context, SimTime};
use base64::{engine::general_purpose::STANDARD, Engine};
use serde::Serialize;

/// A key pair. The sandbox keeps the private key so that `ssh` can tell
/// whether a key file matches; AWS keeps only the public half.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyPair {
    pub id: String,
    pub name: String,
    pub key_type: String,
    pub fingerprint: String,
    pub public_key: String,
    pub private_key: Option<String>,
    pub created: SimTime,
}

/// Request of CreateKeyPair.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateKeyPairRequest {
    pub key_name: String,
    #[serde(default)]
    pub key_type: Option<String>,
    #[serde(default)]
    pub key_format: Option<String>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Response of CreateKeyPair.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateKeyPairResponse {
    pub key_pair_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    pub key_name: String,
    pub key_fingerprint: String,
    pub key_material: String,
}

/// Request of ImportKeyPair (`PublicKeyMaterial` is base64, as a blob is).
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ImportKeyPairRequest {
    pub key_name: String,
    pub public_key_material: String,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Response of ImportKeyPair.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImportKeyPairResponse {
    pub key_fingerprint: String,
    pub key_name: String,
    pub key_pair_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// Request of DescribeKeyPairs.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeKeyPairsRequest {
    #[serde(default)]
    pub key_names: Vec<String>,
    #[serde(default)]
    pub key_pair_ids: Vec<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub include_public_key: bool,
    #[serde(default)]
    pub dry_run: bool,
}

/// A key pair as DescribeKeyPairs prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyPairInfo {
    pub key_pair_id: String,
    pub key_type: String,
    pub tags: Vec<Tag>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
    pub create_time: String,
    pub key_name: String,
    pub key_fingerprint: String,
}

/// Response of DescribeKeyPairs.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeKeyPairsResponse {
    pub key_pairs: Vec<KeyPairInfo>,
}

/// Request of DeleteKeyPair.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteKeyPairRequest {
    #[serde(default)]
    pub key_name: Option<String>,
    #[serde(default)]
    pub key_pair_id: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Response of DeleteKeyPair.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteKeyPairResponse {
    #[serde(rename = "Return")]
    pub success: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_pair_id: Option<String>,
}

impl Filterable for KeyPairInfo {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let one = |v: &str| Some(vec![v.to_string()]);
        match name {
            "key-name" => one(&self.key_name),
            "key-pair-id" => one(&self.key_pair_id),
            "fingerprint" => one(&self.key_fingerprint),
            "key-type" => one(&self.key_type),
            other => filters::tag_filter_values(other, &self.tags),
        }
    }
}

/// `InvalidKeyPair.NotFound`.
pub fn not_found(name: &str) -> ApiError {
    ApiError::new(
        "InvalidKeyPair.NotFound",
        format!("The key pair '{name}' does not exist"),
    )
}

fn check_key_name(name: &str) -> Result<(), ApiError> {
    if name.is_empty() || name.len() > 255 || !name.is_ascii() {
        return Err(ApiError::new(
            "InvalidParameterValue",
            format!(
                "Invalid value '{name}' for keyName. Key names must be 1 to 255 ASCII characters."
            ),
        ));
    }
    Ok(())
}

impl RegionState {
    fn ensure_key_name_free(&self, name: &str) -> Result<(), ApiError> {
        if self.key_pairs.values().any(|k| k.name == name) {
            return Err(ApiError::new(
                "InvalidKeyPair.Duplicate",
                format!("The keypair '{name}' already exists."),
            ));
        }
        Ok(())
    }

    fn store_key_pair(
        &mut self,
        ctx: &mut Context,
        key: KeyPair,
        tags: &[Tag],
    ) -> Option<Vec<Tag>> {
        self.tags.set(&key.id, tags);
        ctx.created("key-pair", key.id.clone());
        let id = key.id.clone();
        self.key_pairs.insert(id.clone(), key);
        self.tags.optional(&id)
    }

    /// CreateKeyPair: generates a key (simulated material of the real
    /// format) and returns the private half once.
    pub fn create_key_pair(
        &mut self,
        ctx: &mut Context,
        request: CreateKeyPairRequest,
    ) -> Result<CreateKeyPairResponse, ApiError> {
        check_key_name(&request.key_name)?;
        let key_type = request.key_type.clone().unwrap_or_else(|| "rsa".into());
        if key_type != "rsa" && key_type != "ed25519" {
            return Err(ApiError::invalid_value(&key_type, "KeyType"));
        }
        let format = request.key_format.clone().unwrap_or_else(|| "pem".into());
        if format != "pem" && format != "ppk" {
            return Err(ApiError::invalid_value(&format, "KeyFormat"));
        }
        let tags = tags_for(&request.tag_specifications, "key-pair");
        super::tags::validate_tags(&tags)?;
        self.ensure_key_name_free(&request.key_name)?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let generated =
            super::key_material::generate(ctx.ids.rng(), &key_type, &format, &request.key_name);
        let fingerprint = generated.fingerprint;
        let material = generated.private_key;
        let public_key = generated.public_key;
        let key = KeyPair {
            id: ctx.ids.next("key"),
            name: request.key_name.clone(),
            key_type,
            fingerprint: fingerprint.clone(),
            public_key,
            private_key: Some(material.clone()),
            created: ctx.now,
        };
        let key_pair_id = key.id.clone();
        let tags = self.store_key_pair(ctx, key, &tags);
        Ok(CreateKeyPairResponse {
            key_fingerprint: fingerprint,
            key_material: material,
            key_name: request.key_name,
            key_pair_id,
            tags,
        })
    }

    /// ImportKeyPair: registers the public half of the learner's own key.
    pub fn import_key_pair(
        &mut self,
        ctx: &mut Context,
        request: ImportKeyPairRequest,
    ) -> Result<ImportKeyPairResponse, ApiError> {
        check_key_name(&request.key_name)?;
        let decoded = STANDARD
            .decode(request.public_key_material.trim())
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .unwrap_or_else(|| request.public_key_material.clone());
        let mut parts = decoded.split_whitespace();
        let algorithm = parts.next().unwrap_or_default();
        let blob = parts.next().unwrap_or_default();
        let key_type = match algorithm {
            "ssh-rsa" => "rsa",
            "ssh-ed25519" => "ed25519",
            _ => "",
        };
        if key_type.is_empty() || blob.is_empty() || STANDARD.decode(blob).is_err() {
            return Err(ApiError::new(
                "InvalidKeyPair.Format",
                "Key is not in valid OpenSSH public key format",
            ));
        }
        let tags = tags_for(&request.tag_specifications, "key-pair");
        super::tags::validate_tags(&tags)?;
        self.ensure_key_name_free(&request.key_name)?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let fingerprint = if key_type == "rsa" {
            super::key_material::colon_hex(&hash::digest(blob.as_bytes(), 16))
        } else {
            STANDARD.encode(hash::digest(blob.as_bytes(), 32))
        };
        let key = KeyPair {
            id: ctx.ids.next("key"),
            name: request.key_name.clone(),
            key_type: key_type.into(),
            fingerprint: fingerprint.clone(),
            public_key: format!("{algorithm} {blob}"),
            private_key: None,
            created: ctx.now,
        };
        let key_pair_id = key.id.clone();
        let tags = self.store_key_pair(ctx, key, &tags);
        Ok(ImportKeyPairResponse {
            key_fingerprint: fingerprint,
            key_name: request.key_name,
            key_pair_id,
            tags,
        })
    }

    /// DescribeKeyPairs.
    pub fn describe_key_pairs(
        &self,
        request: &DescribeKeyPairsRequest,
    ) -> Result<DescribeKeyPairsResponse, ApiError> {
        for name in &request.key_names {
            if !self.key_pairs.values().any(|k| &k.name == name) {
                return Err(not_found(name));
            }
        }
        for id in &request.key_pair_ids {
            if !self.key_pairs.contains_key(id) {
                return Err(ApiError::new(
                    "InvalidKeyPair.NotFound",
                    format!("The key pair ID '{id}' does not exist"),
                ));
            }
        }
        let key_pairs: Vec<KeyPairInfo> = self
            .key_pairs
            .values()
            .filter(|k| request.key_names.is_empty() || request.key_names.contains(&k.name))
            .filter(|k| request.key_pair_ids.is_empty() || request.key_pair_ids.contains(&k.id))
            .map(|k| KeyPairInfo {
                key_pair_id: k.id.clone(),
                key_fingerprint: k.fingerprint.clone(),
                key_name: k.name.clone(),
                key_type: k.key_type.clone(),
                tags: self.tags.of(&k.id),
                public_key: request.include_public_key.then(|| k.public_key.clone()),
                create_time: clock::iso8601(k.created),
            })
            .collect();
        Ok(DescribeKeyPairsResponse {
            key_pairs: filters::select(key_pairs, &request.filters)?,
        })
    }

    /// DeleteKeyPair: idempotent; instances keep the key they booted with.
    pub fn delete_key_pair(
        &mut self,
        ctx: &mut Context,
        request: DeleteKeyPairRequest,
    ) -> Result<DeleteKeyPairResponse, ApiError> {
        if request.key_name.is_none() && request.key_pair_id.is_none() {
            return Err(ApiError::missing_parameter("KeyName"));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let found = self
            .key_pairs
            .values()
            .find(|k| {
                Some(&k.name) == request.key_name.as_ref()
                    || Some(&k.id) == request.key_pair_id.as_ref()
            })
            .map(|k| k.id.clone());
        if let Some(id) = &found {
            self.key_pairs.shift_remove(id);
            self.deleted(ctx, "key-pair", id);
        }
        Ok(DeleteKeyPairResponse {
            success: true,
            key_pair_id: found,
        })
    }
}
