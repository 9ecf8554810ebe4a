//! The terminal never panics: seeded random command lines built from real
//! CLI fragments (and garbage) run against one sandbox, and every result is
//! an ordinary exit status with the world still replayable.

use aws_sandbox::kernel::SeededRng;
use aws_sandbox::Sandbox;

const FRAGMENTS: &[&str] = &[
    "aws",
    "aws",
    "aws",
    "ec2",
    "ec2",
    "sts",
    "service-quotas",
    "run-instances",
    "describe-instances",
    "stop-instances",
    "start-instances",
    "terminate-instances",
    "create-key-pair",
    "create-security-group",
    "authorize-security-group-ingress",
    "describe-images",
    "create-tags",
    "wait",
    "instance-running",
    "--image-id",
    "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    "--instance-type",
    "t2.micro",
    "t2.mirco",
    "--count",
    "2",
    "0",
    "-1",
    "99999999999999999999",
    "--instance-ids",
    "i-0123456789abcdef0",
    "$ID",
    "--key-name",
    "k",
    "--group-name",
    "g",
    "--description",
    "'d e'",
    "--protocol",
    "tcp",
    "--port",
    "22",
    "80-79",
    "--cidr",
    "0.0.0.0/0",
    "300.1.1.1/99",
    "--tags",
    "Key=Name,Value=web",
    "Key=",
    "'[{\"Key\":1}]'",
    "{",
    "[",
    "]",
    "}",
    "--filters",
    "Name=tag:Name,Values=web",
    "Name=,Values=",
    "--query",
    "'Reservations[].Instances[]'",
    "'[?'",
    "--output",
    "text",
    "table",
    "json",
    "yaml",
    "--region",
    "eu-west-1",
    "mars-1",
    "--dry-run",
    ">",
    "out.txt",
    ">>",
    "&&",
    ";",
    "||",
    "|",
    "tee",
    "grep",
    "wc -l",
    "head -n",
    "$(",
    ")",
    "\"",
    "'",
    "\\",
    "ID=$(aws ec2 run-instances",
    "sleep",
    "60",
    "chmod",
    "400",
    "cat",
    "ls",
    "-l",
    "echo",
    "rm",
    "help",
    "clear",
    "history",
    "file://out.txt",
    "--user-data",
    "fileb://missing",
    "ünïcødé",
    "\u{0}",
    "--",
    "-",
    "--no-dry-run",
    "--page-size",
    "1",
];

#[test]
fn random_command_lines_never_panic() {
    for seed in 1..=40u64 {
        let mut rng = SeededRng::new(seed);
        let mut sandbox = Sandbox::new(seed);
        for _ in 0..60 {
            let words = 1 + rng.below(12);
            let line: Vec<&str> = (0..words)
                .map(|_| FRAGMENTS[rng.below(FRAGMENTS.len() as u64) as usize])
                .collect();
            let line = line.join(" ");
            let out = sandbox.exec(&line);
            assert!(
                (0..=255).contains(&out.exit_code),
                "`{line}` gave exit code {}",
                out.exit_code
            );
        }
        let replayed = Sandbox::import(&sandbox.export()).expect("replayable");
        assert_eq!(replayed.world(), sandbox.world(), "seed {seed}");
    }
}

#[test]
fn hostile_lines_are_refused_cleanly() {
    let mut sandbox = Sandbox::new(1);
    let huge = "a".repeat(1_000_000);
    assert_ne!(sandbox.exec(&huge).exit_code, 0);
    let deep = format!(
        "aws ec2 create-tags --resources i-0123456789abcdef0 --tags '{}'",
        "[".repeat(10_000)
    );
    assert_ne!(sandbox.exec(&deep).exit_code, 0);
    let nested = format!("echo {}", "$(".repeat(100));
    assert_ne!(sandbox.exec(&nested).exit_code, 0);
    let out = sandbox.exec("aws sts get-caller-identity --query Account --output text");
    assert_eq!(out.stdout, "123456789012\n", "the sandbox goes on");
}
