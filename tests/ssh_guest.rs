//! ssh and curl from the learner's machine into instances, and the guest
//! OS behind them.

use aws_sandbox::Sandbox;

const AL2023: &str = "ami-0370445a9b6133b92";

fn ok(s: &mut Sandbox, line: &str) -> String {
    let out = s.exec(line);
    assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
    out.stdout
}

/// A key pair in key.pem (mode 400), a group open for ssh from anywhere,
/// and a running instance; returns its public IP.
fn running_instance(s: &mut Sandbox, image: &str, extra: &str) -> String {
    ok(
        s,
        "aws ec2 create-key-pair --key-name demo --query KeyMaterial --output text > key.pem",
    );
    ok(s, "chmod 400 key.pem");
    ok(s, "SG=$(aws ec2 create-security-group --group-name web --description web --query GroupId --output text)");
    ok(s, "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 22 --cidr 0.0.0.0/0");
    ok(s, &format!("ID=$(aws ec2 run-instances --image-id {image} --instance-type t3.micro --key-name demo --security-group-ids $SG {extra} --query 'Instances[0].InstanceId' --output text)"));
    ok(s, "sleep 60");
    let ip = ok(s, "aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].PublicIpAddress' --output text");
    ip.trim().to_string()
}

#[test]
fn ssh_asks_about_the_host_key_then_opens_a_session() {
    let mut s = Sandbox::new(7);
    let ip = running_instance(&mut s, AL2023, "");
    assert_eq!(s.prompt(), "learner@laptop:~$ ");
    let out = s.exec(&format!("ssh -i key.pem ec2-user@{ip}"));
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with(&format!("The authenticity of host '{ip} ({ip})' can't be established.\nED25519 key fingerprint is SHA256:")), "{}", out.stdout);
    assert!(out
        .stdout
        .ends_with("Are you sure you want to continue connecting (yes/no/[fingerprint])? "));
    assert_eq!(s.prompt(), "");
    let out = s.exec("yes");
    assert_eq!(
        out.stderr,
        format!("Warning: Permanently added '{ip}' (ED25519) to the list of known hosts.\n")
    );
    let prompt = s.prompt();
    assert!(
        prompt.starts_with("[ec2-user@ip-172-31-") && prompt.ends_with(" ~]$ "),
        "{prompt}"
    );
    assert_eq!(ok(&mut s, "whoami"), "ec2-user\n");
    assert!(ok(&mut s, "cat /etc/os-release").contains("PRETTY_NAME=\"Amazon Linux 2023"));
    assert!(ok(&mut s, "hostname").starts_with("ip-172-31-"));
    let out = s.exec("exit");
    assert_eq!(
        (out.stdout.as_str(), out.stderr),
        ("logout\n", format!("Connection to {ip} closed.\n"))
    );
    assert_eq!(s.prompt(), "learner@laptop:~$ ");
    // Known now: no question the second time.
    let out = s.exec(&format!("ssh -i key.pem ec2-user@{ip}"));
    assert_eq!((out.stdout.as_str(), out.stderr.as_str()), ("", ""));
    assert!(s.terminal().document()["Session"]["InstanceId"].is_string());
}
