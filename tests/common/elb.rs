//! Shared setup of the load balancing tests: web servers that show which
//! instance answered.

use super::ok;
use aws_sandbox::Sandbox;

/// Writes web.sh, user data that installs Apache and serves the instance's
/// host name, and sets $VPC (the default VPC) and $SUBNETS (its subnets in
/// us-east-1a and 1b).
pub fn web_script_and_network(s: &mut Sandbox) {
    for line in [
        "echo '#!/bin/bash' > web.sh",
        "echo 'dnf install -y httpd' >> web.sh",
        "echo 'systemctl enable --now httpd' >> web.sh",
        r#"echo 'echo "<h1>$(hostname)</h1>" > /var/www/html/index.html' >> web.sh"#,
        "VPC=$(aws ec2 describe-vpcs --filters Name=is-default,Values=true --query 'Vpcs[0].VpcId' --output text)",
        "SUBNETS=$(aws ec2 describe-subnets --filters Name=vpc-id,Values=$VPC Name=availability-zone,Values=us-east-1a,us-east-1b --query 'Subnets[].SubnetId' --output text)",
    ] {
        ok(s, line);
    }
}

/// Launches a web server from web.sh into `zone` in the group $`group`
/// (with `extra` options) and sets $`var` to its id.
pub fn web_server(s: &mut Sandbox, var: &str, zone: &str, group: &str, extra: &str) {
    ok(
        s,
        &format!(
            "{var}=$(aws ec2 run-instances --image-id {} --instance-type t2.micro --placement AvailabilityZone={zone} --security-group-ids ${group} --user-data file://web.sh {extra} --query 'Instances[0].InstanceId' --output text)",
            super::AL2023
        ),
    );
}
