//! ssh and curl from the learner's machine into instances, and the guest
//! OS behind them.

mod common;

use aws_sandbox::Sandbox;
use common::ok;

const AL2023: &str = "ami-0370445a9b6133b92";

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

const STRICT_OFF: &str = "-o StrictHostKeyChecking=no";

#[test]
fn each_obstacle_to_ssh_has_its_own_message() {
    let mut s = Sandbox::new(8);
    ok(
        &mut s,
        "aws ec2 create-key-pair --key-name demo --query KeyMaterial --output text > key.pem",
    );
    ok(&mut s, "SG=$(aws ec2 create-security-group --group-name web --description web --query GroupId --output text)");
    ok(&mut s, &format!("ID=$(aws ec2 run-instances --image-id {AL2023} --key-name demo --security-group-ids $SG --query 'Instances[0].InstanceId' --output text)"));
    ok(&mut s, "sleep 60");
    let ip = ok(&mut s, "aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].PublicIpAddress' --output text").trim().to_string();
    // No rule for port 22: the packets are dropped and ssh gives up after
    // the kernel's connect timeout.
    let before = s.now();
    let out = s.exec(&format!("ssh -i key.pem {STRICT_OFF} ec2-user@{ip}"));
    assert_eq!(
        (out.exit_code, out.stderr.clone()),
        (
            255,
            format!("ssh: connect to host {ip} port 22: Connection timed out\n")
        )
    );
    assert_ne!(s.now(), before, "127 simulated seconds passed");
    ok(&mut s, "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 22 --cidr 203.0.113.25/32");
    // The key file is still 0644.
    let out = s.exec(&format!("ssh -i key.pem {STRICT_OFF} ec2-user@{ip}"));
    assert_eq!(out.exit_code, 255);
    assert!(
        out.stderr
            .contains("@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @\n"),
        "{}",
        out.stderr
    );
    assert!(out
        .stderr
        .contains("Permissions 0644 for 'key.pem' are too open.\n"));
    assert!(out.stderr.ends_with(&format!("Load key \"key.pem\": bad permissions\nec2-user@{ip}: Permission denied (publickey,gssapi-keyex,gssapi-with-mic).\n")), "{}", out.stderr);
    ok(&mut s, "chmod 400 key.pem");
    assert!(ok(&mut s, "ls -l key.pem").starts_with("-r-------- 1 learner learner"));
    // The wrong user, and root.
    let out = s.exec(&format!("ssh -i key.pem ubuntu@{ip}"));
    assert_eq!(
        out.stderr,
        format!("ubuntu@{ip}: Permission denied (publickey,gssapi-keyex,gssapi-with-mic).\n")
    );
    let out = s.exec(&format!("ssh -i key.pem root@{ip}"));
    assert_eq!(
        out.stdout,
        "Please login as the user \"ec2-user\" rather than the user \"root\".\n\n"
    );
    assert_eq!(out.exit_code, 142);
    // Another key pair's key.
    ok(
        &mut s,
        "aws ec2 create-key-pair --key-name other --query KeyMaterial --output text > other.pem",
    );
    ok(&mut s, "chmod 600 other.pem");
    let out = s.exec(&format!("ssh -i other.pem ec2-user@{ip}"));
    assert_eq!(out.exit_code, 255);
    assert!(out.stderr.contains("Permission denied"));
    let out = s.exec(&format!("ssh -i missing.pem ec2-user@{ip}"));
    assert!(out.stderr.starts_with(
        "Warning: Identity file missing.pem not accessible: No such file or directory.\n"
    ));
    // The public DNS name works as well as the address.
    let dns = ok(&mut s, "aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].PublicDnsName' --output text").trim().to_string();
    let out = s.exec(&format!(
        "ssh -i key.pem {STRICT_OFF} ec2-user@{dns} hostname"
    ));
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("ip-172-31-"));
    // Stopped and started: the old address leads nowhere, the new one works.
    ok(&mut s, "aws ec2 stop-instances --instance-ids $ID");
    ok(&mut s, "sleep 60");
    let out = s.exec(&format!("ssh -i key.pem -o ConnectTimeout=5 ec2-user@{ip}"));
    assert_eq!(
        out.stderr,
        format!("ssh: connect to host {ip} port 22: Connection timed out\n")
    );
    let out = s.exec(&format!("ssh -i key.pem ec2-user@{dns}"));
    assert_eq!(
        out.stderr,
        format!("ssh: Could not resolve hostname {dns}: Name or service not known\n")
    );
    ok(&mut s, "aws ec2 start-instances --instance-ids $ID");
    ok(&mut s, "sleep 60");
    let new_ip = ok(&mut s, "aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].PublicIpAddress' --output text").trim().to_string();
    assert_ne!(new_ip, ip);
    let out = s.exec(&format!(
        "ssh -i key.pem {STRICT_OFF} ec2-user@{new_ip} whoami"
    ));
    assert_eq!(out.stdout, "ec2-user\n", "{}", out.stderr);
    // Port 80 has no listener yet but is not allowed either; allowed, it is refused.
    ok(&mut s, "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0");
    let out = s.exec(&format!("curl http://{new_ip}/"));
    assert_eq!((out.exit_code, out.stderr), (7, format!("curl: (7) Failed to connect to {new_ip} port 80 after 11 ms: Couldn't connect to server\n")));
}

#[test]
fn a_web_server_installed_over_ssh_serves_the_page() {
    let mut s = Sandbox::new(9);
    let ip = running_instance(&mut s, AL2023, "");
    let out = s.exec(&format!("curl http://{ip}/"));
    assert_eq!(out.exit_code, 28);
    assert_eq!(out.stderr, format!("curl: (28) Failed to connect to {ip} port 80 after 127002 ms: Couldn't connect to server\n"));
    ok(&mut s, "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0");
    ok(
        &mut s,
        &format!("ssh -i key.pem {STRICT_OFF} ec2-user@{ip}"),
    );
    let out = s.exec("dnf install -y httpd");
    assert_eq!((out.exit_code, out.stderr.as_str()), (1, "Error: This command has to be run with superuser privileges (under the root user on most systems).\n"));
    let out = s.exec("sudo dnf install httpd");
    assert!(out
        .stderr
        .ends_with("Is this ok [y/N]: Operation aborted.\n"));
    assert!(ok(&mut s, "sudo dnf install -y httpd").ends_with("Complete!\n"));
    let out = s.exec("systemctl start httpd");
    assert!(out
        .stderr
        .starts_with("Failed to start httpd.service: Interactive authentication required."));
    let out = s.exec("systemctl status httpd");
    assert_eq!(out.exit_code, 3);
    assert!(out
        .stdout
        .starts_with("○ httpd.service - The Apache HTTP Server\n"));
    let out = s.exec("curl localhost");
    assert_eq!(
        out.stderr,
        "curl: (7) Failed to connect to localhost port 80 after 0 ms: Couldn't connect to server\n"
    );
    ok(&mut s, "sudo systemctl enable --now httpd");
    assert!(ok(&mut s, "systemctl status httpd")
        .contains("Active: active (running) since Mon 2025-06-02"));
    assert_eq!(
        ok(&mut s, "curl -s http://localhost/"),
        "<html><body><h1>It works!</h1></body></html>\n"
    );
    let out = s.exec("echo '<h1>Hello</h1>' > /var/www/html/index.html");
    assert_eq!(
        (out.exit_code, out.stderr.as_str()),
        (1, "-bash: /var/www/html/index.html: Permission denied\n")
    );
    ok(&mut s, "sudo su");
    assert!(s.prompt().starts_with("[root@ip-172-31-") && s.prompt().ends_with(" ~]# "));
    ok(&mut s, "echo '<h1>Hello</h1>' > /var/www/html/index.html");
    assert_eq!(ok(&mut s, "exit"), "exit\n");
    ok(&mut s, "exit");
    assert_eq!(
        ok(&mut s, &format!("curl http://{ip}/")),
        "<h1>Hello</h1>\n"
    );
    // The service is enabled, so it is back after a stop and start.
    ok(&mut s, "aws ec2 stop-instances --instance-ids $ID && sleep 60 && aws ec2 start-instances --instance-ids $ID && sleep 60");
    let ip = ok(&mut s, "aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].PublicDnsName' --output text");
    assert_eq!(
        ok(&mut s, &format!("curl {}", ip.trim())),
        "<h1>Hello</h1>\n"
    );
}

#[test]
fn user_data_runs_once_at_first_boot_as_root() {
    let mut s = Sandbox::new(10);
    let script = "#!/bin/bash\ndnf install -y httpd\nsystemctl enable --now httpd\necho \"<h1>From user data</h1>\" > /var/www/html/index.html\n";
    let ip = running_instance(&mut s, AL2023, &format!("--user-data '{script}'"));
    ok(&mut s, "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0");
    let log = s.exec(&format!(
        "ssh -i key.pem {STRICT_OFF} ec2-user@{ip} cat /var/log/cloud-init-output.log"
    ));
    assert_eq!(log.exit_code, 0);
    assert_eq!(
        ok(&mut s, &format!("curl http://{ip}/")),
        "<h1>From user data</h1>\n"
    );
    let log = ok(
        &mut s,
        &format!("ssh -i key.pem {STRICT_OFF} ec2-user@{ip} cat /var/log/cloud-init-output.log"),
    );
    assert!(log.contains("Complete!"), "{log}");
}

#[test]
fn ubuntu_uses_apt_and_its_own_prompt() {
    let mut s = Sandbox::new(11);
    let image = ok(
        &mut s,
        "aws ec2 describe-images --owners 099720109477 --query 'Images[0].ImageId' --output text",
    );
    let ip = running_instance(&mut s, image.trim(), "");
    ok(&mut s, &format!("ssh -i key.pem {STRICT_OFF} ubuntu@{ip}"));
    assert!(
        s.prompt().starts_with("ubuntu@ip-172-31-") && s.prompt().ends_with(":~$ "),
        "{}",
        s.prompt()
    );
    let out = s.exec("sudo apt install -y nginx");
    assert_eq!(out.exit_code, 100);
    assert!(out.stderr.ends_with("E: Unable to locate package nginx\n"));
    ok(&mut s, "sudo apt update");
    ok(&mut s, "sudo apt install -y nginx");
    // Debian-style packages start their service at once.
    assert_eq!(ok(&mut s, "systemctl is-active nginx"), "active\n");
    assert!(ok(&mut s, "curl localhost").contains("<title>Welcome to nginx!</title>"));
    let out = s.exec("sudo dnf install -y httpd");
    assert_eq!(out.exit_code, 127);
}

#[test]
fn the_metadata_service_answers_v1_and_v2() {
    let mut s = Sandbox::new(12);
    let ip = running_instance(&mut s, AL2023, "--metadata-options HttpTokens=required");
    ok(
        &mut s,
        &format!("ssh -i key.pem {STRICT_OFF} ec2-user@{ip}"),
    );
    let out = ok(
        &mut s,
        "curl http://169.254.169.254/latest/meta-data/instance-id",
    );
    assert!(out.contains("<title>401 - Unauthorized</title>"), "{out}");
    ok(
        &mut s,
        r#"TOKEN=$(curl -X PUT "http://169.254.169.254/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 21600")"#,
    );
    let id = ok(
        &mut s,
        r#"curl -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/instance-id"#,
    );
    assert!(id.starts_with("i-") && !id.ends_with('\n'), "{id}");
    let public = ok(
        &mut s,
        r#"curl -s -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/public-ipv4"#,
    );
    assert_eq!(public, ip);
    let zone = ok(
        &mut s,
        r#"curl -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/placement/availability-zone"#,
    );
    assert_eq!(zone, "us-east-1a");
    let typ = ok(
        &mut s,
        r#"curl -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/instance-type"#,
    );
    assert_eq!(typ, "t3.micro");
    let bad = ok(
        &mut s,
        r#"curl -H "X-aws-ec2-metadata-token: nope" http://169.254.169.254/latest/meta-data/ami-id"#,
    );
    assert!(bad.contains("401 - Unauthorized"));
}

#[test]
fn guest_sessions_replay_and_survive_export() {
    let mut s = Sandbox::new(13);
    let ip = running_instance(&mut s, AL2023, "");
    s.exec(&format!("ssh -i key.pem ec2-user@{ip}"));
    s.exec("yes");
    ok(&mut s, "mkdir notes && echo hi > notes/a.txt");
    let restored = Sandbox::import(&s.export()).unwrap();
    assert_eq!(restored.prompt(), s.prompt());
    assert_eq!(restored.world(), s.world());
    let mut restored = restored;
    assert_eq!(ok(&mut restored, "cat ~/notes/a.txt"), "hi\n");
    assert!(restored.undo());
}

#[test]
fn hostile_ssh_curl_and_guest_lines_fail_cleanly() {
    let mut s = Sandbox::new(14);
    for line in [
        "ssh",
        "ssh -i",
        "ssh -p x host",
        "ssh -Z host",
        "ssh nobody@nowhere.example",
        "curl",
        "curl -H",
        "curl http://:99999/",
        "curl ftp://x/",
        "curl --connect-timeout x http://1.2.3.4/",
        "curl http://ec2-1-2-3-4.compute-1.amazonaws.com/",
        "exit",
        "logout",
    ] {
        let out = s.exec(line);
        assert!(
            out.exit_code != 0 || line == "exit" || line == "logout",
            "{line}"
        );
    }
    let ip = running_instance(&mut s, AL2023, "");
    ok(
        &mut s,
        &format!("ssh -i key.pem {STRICT_OFF} ec2-user@{ip}"),
    );
    for line in [
        "cd ../../../../..",
        "ls /nope",
        "rm /",
        "mkdir -p /a/b/c",
        "chmod 777 /etc/os-release",
        "cat /root",
        "sudo",
        "sudo -x",
        "systemctl",
        "systemctl frobnicate x",
        "sudo systemctl start nope",
        "sudo dnf",
        "sudo dnf install -y no-such-package",
        "curl http://169.254.169.254/latest/nope",
        "tee",
        "echo x > /etc/hostname",
        "sudo yum install -y git",
    ] {
        let _ = s.exec(line);
    }
    assert_eq!(ok(&mut s, "pwd"), "/\n");
    let out = s.exec("rm /");
    assert_eq!(out.stderr, "rm: cannot remove '/': Is a directory\n");
    let out = s.exec("mkdir /srv");
    assert_eq!(
        out.stderr,
        "mkdir: cannot create directory ‘/srv’: Permission denied\n"
    );
}

#[test]
fn shutting_down_from_inside_stops_or_terminates_as_configured() {
    let mut s = Sandbox::new(17);
    let ip = running_instance(&mut s, AL2023, "");
    ok(
        &mut s,
        &format!("ssh -i key.pem {STRICT_OFF} ec2-user@{ip}"),
    );
    let refused = s.exec("shutdown -h now");
    assert_eq!(
        (refused.exit_code, refused.stderr.as_str()),
        (
            1,
            "Call to PowerOff failed: Interactive authentication required.\n"
        )
    );
    let out = s.exec("sudo shutdown -h now");
    assert_eq!(out.exit_code, 255);
    assert_eq!(
        out.stderr,
        format!("Connection to {ip} closed by remote host.\nConnection to {ip} closed.\n")
    );
    assert_eq!(s.prompt(), "learner@laptop:~$ ");
    let state = |s: &mut Sandbox| {
        ok(s, "aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].[State.Name, StateReason.Code]' --output text")
    };
    assert_eq!(
        state(&mut s),
        "stopping\tClient.InstanceInitiatedShutdown\n"
    );
    ok(&mut s, "sleep 60");
    assert_eq!(state(&mut s), "stopped\tClient.InstanceInitiatedShutdown\n");

    // With the behaviour set to terminate, the same command ends the instance.
    ok(&mut s, "aws ec2 modify-instance-attribute --instance-id $ID --instance-initiated-shutdown-behavior Value=terminate");
    ok(&mut s, "aws ec2 start-instances --instance-ids $ID");
    ok(&mut s, "aws ec2 wait instance-running --instance-ids $ID");
    let ip = ok(&mut s, "aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].PublicIpAddress' --output text");
    ok(
        &mut s,
        &format!("ssh -i key.pem {STRICT_OFF} ec2-user@{}", ip.trim()),
    );
    ok(&mut s, "sudo su");
    assert_eq!(s.exec("poweroff").exit_code, 255);
    assert_eq!(
        state(&mut s),
        "shutting-down\tClient.InstanceInitiatedShutdown\n"
    );
}

#[test]
fn network_acls_and_routes_decide_reachability() {
    let mut s = Sandbox::new(23);
    let ip = running_instance(&mut s, AL2023, "");
    let ssh = format!("ssh -i key.pem {STRICT_OFF} -o ConnectTimeout=5 ec2-user@{ip} whoami");
    assert_eq!(ok(&mut s, &ssh), "ec2-user\n");
    ok(&mut s, "SUBNET=$(aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].SubnetId' --output text)");
    ok(&mut s, "ACL=$(aws ec2 describe-network-acls --filters Name=association.subnet-id,Values=$SUBNET --query 'NetworkAcls[0].NetworkAclId' --output text)");
    // A lower-numbered deny rule wins over the default allow (rule 100).
    ok(&mut s, "aws ec2 create-network-acl-entry --network-acl-id $ACL --ingress --rule-number 50 --protocol tcp --port-range From=22,To=22 --cidr-block 203.0.113.25/32 --rule-action deny");
    let out = s.exec(&ssh);
    assert_eq!(out.exit_code, 255);
    assert_eq!(
        out.stderr,
        format!("ssh: connect to host {ip} port 22: Connection timed out\n")
    );
    ok(
        &mut s,
        "aws ec2 delete-network-acl-entry --network-acl-id $ACL --ingress --rule-number 50",
    );
    assert_eq!(ok(&mut s, &ssh), "ec2-user\n");
    // Without the route to the internet gateway, nothing comes back.
    ok(&mut s, "RTB=$(aws ec2 describe-route-tables --filters Name=association.main,Values=true Name=vpc-id,Values=$(aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].VpcId' --output text) --query 'RouteTables[0].RouteTableId' --output text)");
    ok(
        &mut s,
        "aws ec2 delete-route --route-table-id $RTB --destination-cidr-block 0.0.0.0/0",
    );
    assert_eq!(s.exec(&ssh).exit_code, 255);
}
