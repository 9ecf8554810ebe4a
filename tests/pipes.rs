//! Pipes: `a | b` sends a's output to b, on the learner's machine and in an
//! ssh session, as tutorials use them (`echo ... | sudo tee FILE`).

mod common;

use aws_sandbox::Sandbox;
use common::ok;

#[test]
fn filters_read_what_is_piped_in() {
    let mut s = Sandbox::new(1);
    assert_eq!(ok(&mut s, "echo hello | tee note.txt"), "hello\n");
    assert_eq!(ok(&mut s, "echo more | tee -a note.txt > /dev/null"), "");
    let note = s.terminal().file("note.txt").expect("tee wrote it");
    assert_eq!((note.content.as_str(), note.mode), ("hello\nmore\n", 0o644));
    assert_eq!(ok(&mut s, "cat note.txt | grep mo"), "more\n");
    assert_eq!(ok(&mut s, "grep -n mo note.txt"), "2:more\n");
    assert_eq!(ok(&mut s, "echo -e 'a\\nb\\nc' | head -n 2"), "a\nb\n");
    assert_eq!(ok(&mut s, "echo -e 'a\\nb\\nc' | head -1"), "a\n");
    assert_eq!(ok(&mut s, "echo -e 'a\\nb\\nc' | cat | wc -l"), "3\n");
    assert_eq!(ok(&mut s, "echo one two | wc"), "      1       2       8\n");
    assert_eq!(ok(&mut s, "wc -l note.txt"), "2 note.txt\n");
    assert_eq!(ok(&mut s, "echo Hello | grep -i '^hello$'"), "Hello\n");
    assert_eq!(ok(&mut s, "echo -e 'a\\nb' | grep -v a"), "b\n");
    // grep's status says whether a line matched; the pipeline ends as its
    // last command does, and `&&` / `||` see that.
    assert_eq!(ok(&mut s, "echo x | grep y; echo $?"), "1\n");
    assert_eq!(ok(&mut s, "echo x | grep y || echo none"), "none\n");
    assert_eq!(ok(&mut s, "grep x nope.txt | wc -l"), "0\n");
    let out = s.exec("grep x nope.txt");
    assert_eq!(
        (out.exit_code, out.stderr.as_str()),
        (2, "grep: nope.txt: No such file or directory\n")
    );
    // A redirected left side sends nothing down the pipe.
    assert_eq!(ok(&mut s, "echo hi > hi.txt | wc -l"), "0\n");
    assert_eq!(s.terminal().file("hi.txt").unwrap().content, "hi\n");
    // The AWS CLI's output can be filtered too.
    let regions = ok(
        &mut s,
        "aws ec2 describe-regions --query 'length(Regions)' --output text",
    );
    assert_eq!(
        ok(
            &mut s,
            "aws ec2 describe-regions --query 'Regions[].[RegionName]' --output text | wc -l"
        ),
        regions
    );
    assert_eq!(
        ok(
            &mut s,
            "aws ec2 describe-regions --query 'Regions[].[RegionName]' --output text | grep eu-west-1"
        ),
        "eu-west-1\n"
    );
}

#[test]
fn pipes_and_tee_survive_replay() {
    let mut s = Sandbox::new(2);
    ok(&mut s, "echo saved | tee kept.txt");
    let restored = Sandbox::import(&s.export()).unwrap();
    assert_eq!(
        restored.terminal().file("kept.txt").unwrap().content,
        "saved\n"
    );
    let mut undone = restored.clone();
    assert!(undone.undo(), "tee changed the home folder");
    assert!(undone.terminal().file("kept.txt").is_none());
}

#[test]
fn hostile_pipelines_fail_cleanly() {
    let mut s = Sandbox::new(3);
    for (line, message) in [
        ("| ls", "bash: syntax error near unexpected token `|'\n"),
        (
            "ls | | wc",
            "bash: syntax error near unexpected token `|'\n",
        ),
        ("ls |", "bash: syntax error: unexpected end of file\n"),
    ] {
        let out = s.exec(line);
        assert_eq!((out.exit_code, out.stderr.as_str()), (2, message), "{line}");
    }
    let long = vec!["cat"; 2000].join(" | ");
    assert_eq!(ok(&mut s, &format!("echo deep | {long}")), "deep\n");
    let out = s.exec("echo x | head -n lots");
    assert_eq!(
        (out.exit_code, out.stderr.as_str()),
        (1, "head: invalid number of lines: ‘lots’\n")
    );
    let out = s.exec("echo x | grep");
    assert_eq!(out.exit_code, 2);
    assert!(out.stderr.starts_with("Usage: grep"));
    assert_eq!(s.exec("echo x | wc -z").exit_code, 1);
    // tee into something that is not a file still copies its input.
    let out = s.exec("echo x | tee .");
    assert_eq!(
        (out.exit_code, out.stdout.as_str(), out.stderr.as_str()),
        (1, "x\n", "tee: .: Is a directory\n")
    );
}

#[test]
fn sudo_tee_writes_a_web_page_on_the_instance() {
    let mut s = Sandbox::new(4);
    ok(
        &mut s,
        "aws ec2 create-key-pair --key-name demo --query KeyMaterial --output text > key.pem",
    );
    ok(&mut s, "chmod 400 key.pem");
    ok(&mut s, "SG=$(aws ec2 create-security-group --group-name web --description web --query GroupId --output text)");
    ok(&mut s, "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 22 --cidr 203.0.113.25/32");
    ok(&mut s, "ID=$(aws ec2 run-instances --image-id ami-0370445a9b6133b92 --key-name demo --security-group-ids $SG --query 'Instances[0].InstanceId' --output text)");
    ok(&mut s, "sleep 60");
    ok(&mut s, "IP=$(aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].PublicIpAddress' --output text)");
    ok(
        &mut s,
        "ssh -i key.pem -o StrictHostKeyChecking=no ec2-user@$IP",
    );
    ok(&mut s, "sudo dnf install -y httpd");
    ok(&mut s, "sudo systemctl start httpd");
    // As ec2-user the document root is not writable, but tee still echoes.
    let out = s.exec("echo '<h1>Hello</h1>' | tee /var/www/html/index.html");
    assert_eq!(
        (out.exit_code, out.stdout.as_str(), out.stderr.as_str()),
        (
            1,
            "<h1>Hello</h1>\n",
            "tee: /var/www/html/index.html: Permission denied\n"
        )
    );
    assert_eq!(
        ok(
            &mut s,
            "echo \"<h1>Hello</h1>\" | sudo tee /var/www/html/index.html"
        ),
        "<h1>Hello</h1>\n"
    );
    ok(
        &mut s,
        "echo '<p>from a pipe</p>' | sudo tee -a /var/www/html/index.html",
    );
    assert_eq!(
        ok(&mut s, "curl -s localhost"),
        "<h1>Hello</h1>\n<p>from a pipe</p>\n"
    );
    assert_eq!(ok(&mut s, "ls -l /var/www/html | grep -c root"), "1\n");
    assert_eq!(ok(&mut s, "cat /var/www/html/index.html | wc -l"), "2\n");
    assert_eq!(ok(&mut s, "curl -s localhost | grep -c Hello"), "1\n");
    // A remote command with a pipe runs on the instance.
    ok(&mut s, "exit");
    assert_eq!(
        ok(
            &mut s,
            "ssh -i key.pem ec2-user@$IP 'cat /var/www/html/index.html | head -n 1'"
        ),
        "<h1>Hello</h1>\n"
    );
}

#[test]
fn base64_encodes_user_data_for_a_launch_template_and_decodes_it() {
    let mut s = Sandbox::new(1);
    ok(&mut s, "echo '#!/bin/bash' > web.sh");
    ok(&mut s, "echo 'dnf install -y httpd' >> web.sh");
    assert_eq!(
        ok(&mut s, "base64 web.sh"),
        "IyEvYmluL2Jhc2gKZG5mIGluc3RhbGwgLXkgaHR0cGQK\n"
    );
    // -w 0: one line, no final newline, ready for a JSON string.
    assert_eq!(
        ok(&mut s, "base64 -w0 web.sh"),
        "IyEvYmluL2Jhc2gKZG5mIGluc3RhbGwgLXkgaHR0cGQK"
    );
    assert_eq!(ok(&mut s, "echo hi | base64"), "aGkK\n");
    assert_eq!(ok(&mut s, "echo aGkK | base64 -d"), "hi\n");
    let long = ok(&mut s, "cat web.sh web.sh web.sh | base64 --wrap 20");
    assert!(long.lines().all(|l| l.len() <= 20), "{long}");
    assert_eq!(
        ok(&mut s, "base64 web.sh | base64 --decode"),
        "#!/bin/bash\ndnf install -y httpd\n"
    );
    let out = s.exec("echo '%%%' | base64 -d");
    assert_eq!(
        (out.exit_code, out.stderr.as_str()),
        (1, "base64: invalid input\n")
    );
    let out = s.exec("base64 nope.sh");
    assert_eq!(
        (out.exit_code, out.stderr.as_str()),
        (1, "base64: nope.sh: No such file or directory\n")
    );
    let out = s.exec("base64 -w x web.sh");
    assert_eq!(out.stderr, "base64: invalid wrap size: ‘x’\n");
    // What a launch template's user data is made of.
    ok(&mut s, "UD=$(base64 -w0 web.sh)");
    ok(&mut s, &format!("aws ec2 create-launch-template --launch-template-name web --launch-template-data '{{\"ImageId\":\"{}\",\"InstanceType\":\"t2.micro\",\"UserData\":\"'$UD'\"}}'", common::AL2023));
    assert_eq!(
        ok(&mut s, "aws ec2 describe-launch-template-versions --launch-template-name web --query 'LaunchTemplateVersions[0].LaunchTemplateData.UserData' --output text | base64 -d"),
        "#!/bin/bash\ndnf install -y httpd\n"
    );
}
