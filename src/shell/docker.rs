//! `docker ps` on a container instance: the containers the ECS agent
//! started (and the agent's own container), in Docker's table.
//!
//! Only root may talk to the daemon: the ECS-optimized AMI's build scripts
//! (aws/amazon-ecs-ami) add no user to the `docker` group, so `ec2-user`
//! needs `sudo`, and the sandbox has no `usermod` to change that.

use super::builtins::Outcome;
use crate::ec2::guest::Guest;

/// Docker's answer to a user outside the `docker` group.
const PERMISSION_DENIED: &str = "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get \"http://%2Fvar%2Frun%2Fdocker.sock/v1.24/containers/json\": dial unix /var/run/docker.sock: connect: permission denied\n";

/// One row of `docker ps`.
struct Row {
    id: String,
    image: String,
    command: &'static str,
    started_at: u64,
    ports: String,
    name: String,
}

/// `docker ARGS` as `user` on `guest` (of instance `instance_id`) at `now`.
pub fn run(guest: &Guest, instance_id: &str, user: &str, args: &[String], now: u64) -> Outcome {
    let Some((command, rest)) = args.split_first() else {
        return Outcome::out(
            "\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n",
        );
    };
    let options = match (command.as_str(), rest.split_first()) {
        ("ps", _) => rest,
        ("container", Some((sub, options))) if sub == "ls" || sub == "ps" => options,
        (
            "run" | "exec" | "logs" | "images" | "stop" | "rm" | "pull" | "inspect" | "container"
            | "image" | "start" | "restart" | "kill" | "build" | "info" | "version",
            _,
        ) => {
            return Outcome::fail(
                format!("docker {command}: the sandbox simulates only 'docker ps' (the ECS agent runs the containers)\n"),
                1,
            )
        }
        (other, _) => {
            return Outcome::fail(
                format!("docker: '{other}' is not a docker command.\nSee 'docker --help'\n"),
                1,
            )
        }
    };
    if user != "root" {
        return Outcome::fail(PERMISSION_DENIED, 1);
    }
    if !guest.active.contains_key("docker") {
        return Outcome::fail(
            "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n",
            1,
        );
    }
    let mut quiet = false;
    for option in options {
        match option.as_str() {
            "-q" | "--quiet" => quiet = true,
            // Stopped containers are not kept: `-a` lists the same ones.
            "-a" | "--all" => {}
            other => {
                return Outcome::fail(
                    format!("unknown flag: {other}\nSee 'docker ps --help'.\n"),
                    125,
                )
            }
        }
    }
    let rows = rows(guest, instance_id);
    if quiet {
        return Outcome::out(
            rows.iter()
                .map(|r| format!("{}\n", r.id))
                .collect::<String>(),
        );
    }
    Outcome::out(table(&rows, now))
}

/// The running containers, newest first: the tasks' and, while the agent
/// runs, the agent's own (`ecs-agent`, started at boot, on the host
/// network, so without ports).
fn rows(guest: &Guest, instance_id: &str) -> Vec<Row> {
    let mut rows: Vec<Row> = guest
        .containers
        .values()
        .map(|c| Row {
            id: c.hostname().to_string(),
            image: c.image.clone(),
            command: command_of(&c.image),
            started_at: c.started_at,
            ports: match (c.host_port, c.container_port) {
                (Some(host), Some(port)) => format!("0.0.0.0:{host}->{port}/tcp"),
                _ => String::new(),
            },
            name: c.name.clone(),
        })
        .collect();
    if let Some(&since) = guest
        .active
        .get("ecs")
        .filter(|_| guest.ecs_agent_running())
    {
        rows.push(Row {
            id: agent_container_id(instance_id),
            image: "amazon/amazon-ecs-agent:latest".into(),
            command: "\"/agent\"",
            started_at: since,
            ports: String::new(),
            name: "ecs-agent".into(),
        });
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.started_at));
    rows
}

/// The image's command as `docker ps` shows it: quoted, cut to 20
/// characters with an ellipsis (the nginx images start
/// `/docker-entrypoint.sh nginx -g 'daemon off;'`).
fn command_of(image: &str) -> &'static str {
    if image.contains("httpd") {
        "\"httpd-foreground\""
    } else {
        "\"/docker-entrypoint.…\""
    }
}

/// A stable id for the agent's container on this instance (the agent's
/// real id is random; the instance id's hex digits stand in, reversed so
/// that it does not read as the instance id).
fn agent_container_id(instance_id: &str) -> String {
    let digits: String = instance_id.trim_start_matches("i-").chars().rev().collect();
    format!("{digits:0<12}").chars().take(12).collect()
}

/// Docker's table: columns padded by 3 spaces to at least 10 characters
/// (its tabwriter), the last one unpadded.
fn table(rows: &[Row], now: u64) -> String {
    let mut cells: Vec<[String; 7]> = vec![[
        "CONTAINER ID".into(),
        "IMAGE".into(),
        "COMMAND".into(),
        "CREATED".into(),
        "STATUS".into(),
        "PORTS".into(),
        "NAMES".into(),
    ]];
    for r in rows {
        let age = human_duration(now.saturating_sub(r.started_at));
        cells.push([
            r.id.clone(),
            r.image.clone(),
            r.command.into(),
            format!("{age} ago"),
            format!("Up {age}"),
            r.ports.clone(),
            r.name.clone(),
        ]);
    }
    let widths: Vec<usize> = (0..6)
        .map(|i| {
            let widest = cells.iter().map(|c| c[i].chars().count()).max();
            (widest.unwrap_or(0) + 3).max(10)
        })
        .collect();
    let mut out = String::new();
    for row in &cells {
        for (cell, width) in row.iter().zip(&widths) {
            out.push_str(&format!("{cell:<width$}"));
        }
        out.push_str(&row[6]);
        out.push('\n');
    }
    out
}

/// Docker's `units.HumanDuration` of `seconds`.
fn human_duration(seconds: u64) -> String {
    let minutes = seconds / 60;
    // Hours round to the nearest.
    let hours = (seconds + 1800) / 3600;
    match seconds {
        0 => "Less than a second".into(),
        1 => "1 second".into(),
        2..=59 => format!("{seconds} seconds"),
        _ if minutes == 1 => "About a minute".into(),
        _ if minutes < 60 => format!("{minutes} minutes"),
        _ if hours == 1 => "About an hour".into(),
        _ if hours < 48 => format!("{hours} hours"),
        _ if hours < 24 * 7 * 2 => format!("{} days", hours / 24),
        _ if hours < 24 * 30 * 2 => format!("{} weeks", hours / 24 / 7),
        _ if hours < 24 * 365 * 2 => format!("{} months", hours / 24 / 30),
        _ => format!("{} years", seconds / 3600 / 24 / 365),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_dockers() {
        assert_eq!(human_duration(0), "Less than a second");
        assert_eq!(human_duration(45), "45 seconds");
        assert_eq!(human_duration(90), "About a minute");
        assert_eq!(human_duration(125), "2 minutes");
        assert_eq!(human_duration(3600 + 1700), "About an hour");
        assert_eq!(human_duration(3600 + 1800), "2 hours");
        assert_eq!(human_duration(3 * 86400), "3 days");
        assert_eq!(human_duration(21 * 86400), "3 weeks");
        assert_eq!(human_duration(800 * 86400), "2 years");
    }

    #[test]
    fn the_table_pads_columns_as_dockers_tabwriter() {
        let rows = [Row {
            id: "0123456789ab".into(),
            image: "nginx".into(),
            command: "\"/docker-entrypoint.…\"",
            started_at: 0,
            ports: "0.0.0.0:32768->80/tcp".into(),
            name: "ecs-web-1-web-a1b2".into(),
        }];
        assert_eq!(
            table(&rows, 300),
            "CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS         PORTS                   NAMES\n\
             0123456789ab   nginx     \"/docker-entrypoint.…\"   5 minutes ago   Up 5 minutes   0.0.0.0:32768->80/tcp   ecs-web-1-web-a1b2\n"
        );
    }
}
