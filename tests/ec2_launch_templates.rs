//! Launch templates: versions, the default, and launches that start from a
//! template and override it.

mod common;

use aws_sandbox::Sandbox;
use common::{call, error, AL2023};
use serde_json::{json, Value};

fn template(s: &mut Sandbox) -> String {
    let created = call(
        s,
        "CreateLaunchTemplate",
        json!({"LaunchTemplateName": "web", "VersionDescription": "first",
               "LaunchTemplateData": {"ImageId": AL2023, "InstanceType": "t2.micro",
                   "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "from-template"}]}]}}),
    );
    let template = &created["LaunchTemplate"];
    assert_eq!(template["LaunchTemplateName"], "web");
    assert_eq!(template["DefaultVersionNumber"], 1);
    assert_eq!(template["LatestVersionNumber"], 1);
    assert_eq!(
        template["CreatedBy"],
        "arn:aws:iam::123456789012:user/learner"
    );
    template["LaunchTemplateId"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn launched(s: &mut Sandbox, params: Value) -> Value {
    call(s, "RunInstances", params)["Instances"][0].clone()
}

fn tag(instance: &Value, key: &str) -> Option<String> {
    instance["Tags"]
        .as_array()?
        .iter()
        .find(|t| t["Key"] == key)
        .and_then(|t| t["Value"].as_str())
        .map(str::to_string)
}

#[test]
fn versions_default_and_latest() {
    let mut s = Sandbox::new(1);
    let id = template(&mut s);
    assert!(id.starts_with("lt-") && id.len() == 20);
    let v2 = call(
        &mut s,
        "CreateLaunchTemplateVersion",
        json!({"LaunchTemplateName": "web", "SourceVersion": "1", "VersionDescription": "bigger",
               "LaunchTemplateData": {"InstanceType": "t3.small"}}),
    );
    let version = &v2["LaunchTemplateVersion"];
    assert_eq!(version["VersionNumber"], 2);
    assert_eq!(version["DefaultVersion"], false);
    assert_eq!(version["LaunchTemplateData"]["InstanceType"], "t3.small");
    assert_eq!(
        version["LaunchTemplateData"]["ImageId"], AL2023,
        "SourceVersion's data carries over"
    );
    let latest = call(
        &mut s,
        "DescribeLaunchTemplateVersions",
        json!({"LaunchTemplateId": id, "Versions": ["$Latest", "$Default"]}),
    );
    let numbers: Vec<&Value> = latest["LaunchTemplateVersions"]
        .as_array()
        .map(|v| v.iter().map(|v| &v["VersionNumber"]).collect())
        .unwrap_or_default();
    assert_eq!(numbers, [&json!(2), &json!(1)]);
    let modified = call(
        &mut s,
        "ModifyLaunchTemplate",
        json!({"LaunchTemplateName": "web", "DefaultVersion": "2"}),
    );
    assert_eq!(modified["LaunchTemplate"]["DefaultVersionNumber"], 2);
    let listed = call(&mut s, "DescribeLaunchTemplates", json!({}));
    assert_eq!(listed["LaunchTemplates"][0]["LatestVersionNumber"], 2);

    assert_eq!(
        error(
            &mut s,
            "CreateLaunchTemplate",
            json!({"LaunchTemplateName": "web", "LaunchTemplateData": {}})
        ),
        (
            "InvalidLaunchTemplateName.AlreadyExistsException".into(),
            "Launch template name already in use.".into()
        )
    );
    assert_eq!(
        error(
            &mut s,
            "CreateLaunchTemplate",
            json!({"LaunchTemplateName": "a b", "LaunchTemplateData": {}})
        )
        .0,
        "InvalidLaunchTemplateName.MalformedException"
    );
    assert_eq!(
        error(
            &mut s,
            "CreateLaunchTemplate",
            json!({"LaunchTemplateName": "odd", "LaunchTemplateData": {"MinCount": 1}})
        ),
        (
            "UnknownParameter".into(),
            "The parameter MinCount is not recognized".into()
        )
    );
    assert_eq!(
        error(
            &mut s,
            "DescribeLaunchTemplates",
            json!({"LaunchTemplateNames": ["nope"]})
        )
        .0,
        "InvalidLaunchTemplateName.NotFoundException"
    );
    let deleted = call(
        &mut s,
        "DeleteLaunchTemplateVersions",
        json!({"LaunchTemplateName": "web", "Versions": ["1", "2"]}),
    );
    assert_eq!(
        deleted["SuccessfullyDeletedLaunchTemplateVersions"][0]["VersionNumber"],
        1
    );
    assert_eq!(
        deleted["UnsuccessfullyDeletedLaunchTemplateVersions"][0]["ResponseError"]["Code"],
        "launchTemplateVersionIsDefault"
    );
    call(
        &mut s,
        "DeleteLaunchTemplate",
        json!({"LaunchTemplateId": id}),
    );
    assert_eq!(
        call(&mut s, "DescribeLaunchTemplates", json!({}))["LaunchTemplates"],
        json!([])
    );
}

#[test]
fn a_launch_starts_from_the_template_and_overrides_it() {
    let mut s = Sandbox::new(2);
    let id = template(&mut s);
    let instance = launched(
        &mut s,
        json!({"LaunchTemplate": {"LaunchTemplateName": "web"}, "MinCount": 1, "MaxCount": 1}),
    );
    assert_eq!(instance["InstanceType"], "t2.micro");
    assert_eq!(tag(&instance, "Name").as_deref(), Some("from-template"));
    assert_eq!(
        tag(&instance, "aws:ec2launchtemplate:id").as_deref(),
        Some(id.as_str())
    );
    assert_eq!(
        tag(&instance, "aws:ec2launchtemplate:version").as_deref(),
        Some("1")
    );
    let overridden = launched(
        &mut s,
        json!({"LaunchTemplate": {"LaunchTemplateId": id, "Version": "$Latest"},
               "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1}),
    );
    assert_eq!(overridden["InstanceType"], "t3.micro", "the request wins");
    assert_eq!(
        error(
            &mut s,
            "RunInstances",
            json!({"LaunchTemplate": {"LaunchTemplateName": "web", "Version": "7"}, "MinCount": 1, "MaxCount": 1})
        )
        .0,
        "InvalidLaunchTemplateId.VersionNotFound"
    );
}

#[test]
fn the_terminal_creates_a_template_and_launches_from_it() {
    let mut s = Sandbox::new(3);
    let run = |s: &mut Sandbox, line: &str| {
        let out = s.exec(line);
        assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
        out.stdout.trim().to_string()
    };
    let id = run(
        &mut s,
        &format!("aws ec2 create-launch-template --launch-template-name web --version-description v1 --launch-template-data '{{\"ImageId\":\"{AL2023}\",\"InstanceType\":\"t2.micro\"}}' --query LaunchTemplate.LaunchTemplateId --output text"),
    );
    assert!(id.starts_with("lt-"));
    run(&mut s, "aws ec2 create-launch-template-version --launch-template-name web --source-version 1 --launch-template-data InstanceType=t3.micro");
    run(
        &mut s,
        "aws ec2 modify-launch-template --launch-template-name web --default-version 2",
    );
    assert_eq!(
        run(&mut s, "aws ec2 describe-launch-template-versions --launch-template-name web --versions '$Default' --query 'LaunchTemplateVersions[0].[VersionNumber,LaunchTemplateData.InstanceType]' --output text"),
        "2\tt3.micro"
    );
    let launched = run(
        &mut s,
        "aws ec2 run-instances --launch-template LaunchTemplateName=web --query 'Instances[0].[InstanceType,Tags[?Key==`aws:ec2launchtemplate:version`].Value|[0]]' --output text",
    );
    assert_eq!(launched, "t3.micro\t2");
}

#[test]
fn a_templates_user_data_must_already_be_base64() {
    let mut s = Sandbox::new(12);
    let (code, message) = error(
        &mut s,
        "CreateLaunchTemplate",
        json!({"LaunchTemplateName": "web", "LaunchTemplateData": {"ImageId": AL2023, "UserData": "#!/bin/bash\ndnf install -y httpd"}}),
    );
    assert_eq!(code, "InvalidUserData.Malformed");
    assert_eq!(message, "Invalid BASE64 encoding of user data.");
    let id = template(&mut s);
    let (code, _) = error(
        &mut s,
        "CreateLaunchTemplateVersion",
        json!({"LaunchTemplateId": id, "LaunchTemplateData": {"UserData": "echo hi!"}}),
    );
    assert_eq!(code, "InvalidUserData.Malformed");
    call(
        &mut s,
        "CreateLaunchTemplateVersion",
        json!({"LaunchTemplateId": id, "LaunchTemplateData": {"UserData": "IyEvYmluL2Jhc2gK"}}),
    );
}
