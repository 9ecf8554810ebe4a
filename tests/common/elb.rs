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

/// Two web servers in us-east-1a and 1b (key pair `demo` in key.pem, ssh
/// open) whose group admits the ALB's group on port 80, an ALB admitting
/// the world on port 80, a target group and a listener forwarding to it.
/// Waits for the ALB to be active, then registers both instances. Sets $A,
/// $B, $VPC, $SUBNETS, $SG_WEB, $SG_LB, $LB, $TG, $LISTENER and $DNS.
pub fn web_behind_alb(s: &mut Sandbox) {
    web_script_and_network(s);
    for line in [
        "aws ec2 create-key-pair --key-name demo --query KeyMaterial --output text > key.pem",
        "chmod 400 key.pem",
        "SG_LB=$(aws ec2 create-security-group --group-name alb --description alb --query GroupId --output text)",
        "SG_WEB=$(aws ec2 create-security-group --group-name web --description web --query GroupId --output text)",
        "aws ec2 authorize-security-group-ingress --group-id $SG_LB --protocol tcp --port 80 --cidr 0.0.0.0/0",
        "aws ec2 authorize-security-group-ingress --group-id $SG_WEB --protocol tcp --port 80 --source-group $SG_LB",
        "aws ec2 authorize-security-group-ingress --group-id $SG_WEB --protocol tcp --port 22 --cidr 0.0.0.0/0",
    ] {
        ok(s, line);
    }
    web_server(s, "A", "us-east-1a", "SG_WEB", "--key-name demo");
    web_server(s, "B", "us-east-1b", "SG_WEB", "--key-name demo");
    for line in [
        "aws ec2 wait instance-running --instance-ids $A $B",
        "LB=$(aws elbv2 create-load-balancer --name web --subnets $SUBNETS --security-groups $SG_LB --query 'LoadBalancers[0].LoadBalancerArn' --output text)",
        "DNS=$(aws elbv2 describe-load-balancers --load-balancer-arns $LB --query 'LoadBalancers[0].DNSName' --output text)",
        "TG=$(aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id $VPC --query 'TargetGroups[0].TargetGroupArn' --output text)",
        "LISTENER=$(aws elbv2 create-listener --load-balancer-arn $LB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG --query 'Listeners[0].ListenerArn' --output text)",
        "aws elbv2 wait load-balancer-available --load-balancer-arns $LB",
        "aws elbv2 register-targets --target-group-arn $TG --targets Id=$A Id=$B",
    ] {
        ok(s, line);
    }
}
