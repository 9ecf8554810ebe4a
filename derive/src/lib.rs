//! `#[derive(FromParam)]`: a request decoder that reads each member by name
//! through one shared, non-generic helper (`crate::kernel::params::Members`),
//! instead of the per-type visitor state machine `serde`'s derive writes.
//! In the WebAssembly module that difference is tens of kilobytes.
//!
//! It honours the `#[serde(...)]` attributes the request types already carry
//! (so a type that also derives `Serialize` keeps one set of names):
//! `rename_all`, `deny_unknown_fields`, and on members `rename`, `default`
//! and `skip`. Attributes that only concern serialization are ignored.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::{parse_macro_input, Attribute, Data, DeriveInput, Fields, LitStr};

/// Derives `crate::kernel::params::FromParam` for a struct with named members
/// or an enum of unit variants.
#[proc_macro_derive(FromParam, attributes(serde))]
pub fn derive_from_param(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// What `#[serde(...)]` says about one item.
#[derive(Default)]
struct Options {
    rename: Option<String>,
    rename_all: Option<String>,
    deny_unknown_fields: bool,
    default: bool,
    skip: bool,
}

fn options(attrs: &[Attribute]) -> syn::Result<Options> {
    let mut options = Options::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            let value = if meta.input.peek(syn::Token![=]) {
                Some(meta.value()?.parse::<LitStr>()?.value())
            } else {
                None
            };
            match key.as_str() {
                "rename" => options.rename = value,
                "rename_all" => options.rename_all = value,
                "deny_unknown_fields" => options.deny_unknown_fields = true,
                "default" => options.default = true,
                "skip" => options.skip = true,
                // Serialization-only attributes.
                "skip_serializing_if" | "transparent" => {}
                other => {
                    return Err(meta.error(format!("FromParam does not support #[serde({other})]")))
                }
            }
            Ok(())
        })?;
    }
    Ok(options)
}

/// `name` (a Rust identifier) under serde's `rename_all` rule.
fn renamed(name: &str, rule: Option<&str>) -> Result<String, String> {
    let words: Vec<&str> = name.split('_').filter(|w| !w.is_empty()).collect();
    let capitalized = || -> String {
        words
            .iter()
            .map(|w| {
                let mut chars = w.chars();
                chars
                    .next()
                    .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                    .unwrap_or_default()
            })
            .collect()
    };
    match rule {
        None => Ok(name.to_string()),
        Some("PascalCase") => Ok(capitalized()),
        Some("camelCase") => {
            let pascal = capitalized();
            let mut chars = pascal.chars();
            Ok(chars
                .next()
                .map(|first| first.to_lowercase().chain(chars).collect())
                .unwrap_or_default())
        }
        Some("lowercase") => Ok(name.to_lowercase()),
        Some(other) => Err(format!(
            "FromParam does not support rename_all = \"{other}\""
        )),
    }
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let container = options(&input.attrs)?;
    if container.default {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "FromParam does not support a container-level #[serde(default)]",
        ));
    }
    let rule = container.rename_all.as_deref();
    let name = &input.ident;
    let error = |message: String| syn::Error::new_spanned(&input.ident, message);
    let body = match &input.data {
        Data::Struct(data) => {
            let Fields::Named(fields) = &data.fields else {
                return Err(error("FromParam needs named members".into()));
            };
            let mut known = Vec::new();
            let mut members = Vec::new();
            for field in &fields.named {
                let ident = field
                    .ident
                    .as_ref()
                    .ok_or_else(|| error("unnamed member".into()))?;
                let field_options = options(&field.attrs)?;
                if field_options.skip {
                    members.push(quote! { #ident: ::core::default::Default::default() });
                    continue;
                }
                let key = match field_options.rename {
                    Some(key) => key,
                    None => renamed(&ident.to_string(), rule).map_err(error)?,
                };
                let take = if field_options.default {
                    quote! { take_or_default }
                } else {
                    quote! { take }
                };
                members.push(quote! { #ident: members.#take(#key)? });
                known.push(key);
            }
            let deny = container.deny_unknown_fields;
            quote! {
                let mut members = crate::kernel::params::Members::new(value, &[#(#known),*], #deny)?;
                ::core::result::Result::Ok(Self { #(#members),* })
            }
        }
        Data::Enum(data) => {
            let mut arms = Vec::new();
            let mut names = Vec::new();
            for variant in &data.variants {
                if !matches!(variant.fields, Fields::Unit) {
                    return Err(error(
                        "FromParam supports enums of unit variants only".into(),
                    ));
                }
                let ident = &variant.ident;
                let text = match options(&variant.attrs)?.rename {
                    Some(text) => text,
                    None => match rule {
                        Some("lowercase") => ident.to_string().to_lowercase(),
                        None | Some("PascalCase") => ident.to_string(),
                        Some(other) => {
                            return Err(error(format!(
                                "FromParam does not support rename_all = \"{other}\" on enums"
                            )))
                        }
                    },
                };
                arms.push(quote! { #text => ::core::result::Result::Ok(Self::#ident) });
                names.push(text);
            }
            quote! {
                let text = crate::kernel::params::text(value)?;
                match text.as_str() {
                    #(#arms,)*
                    _ => ::core::result::Result::Err(crate::kernel::params::ParamError::unknown_variant(&text, &[#(#names),*])),
                }
            }
        }
        Data::Union(_) => return Err(error("FromParam does not support unions".into())),
    };
    Ok(quote! {
        impl crate::kernel::params::FromParam for #name {
            fn from_param(value: ::serde_json::Value) -> ::core::result::Result<Self, crate::kernel::params::ParamError> {
                #body
            }
        }
    })
}
