//! The packages a tutorial installs, under each family's names, and the
//! systemd services (web servers) some of them bring; and the daemons of
//! the ECS-optimized AMI.

use crate::ec2::images::OsFamily;

/// A web server's systemd unit.
#[derive(Debug, PartialEq, Eq)]
pub struct Service {
    /// Unit name without `.service`, e.g. `httpd`.
    pub unit: &'static str,
    /// The unit's `Description=`, as `systemctl status` prints it.
    pub description: &'static str,
    /// The TCP port it listens on.
    pub port: u16,
    /// Where it serves files from.
    pub docroot: &'static str,
    /// What it serves when the docroot has no index page, if anything.
    pub fallback_page: Option<&'static str>,
}

/// An installable package.
#[derive(Debug, PartialEq, Eq)]
pub struct Package {
    /// Name in the family's repositories.
    pub name: &'static str,
    /// Version-release as the package manager prints it.
    pub version: &'static str,
    pub service: Option<Service>,
    /// A page the package puts in place: (path, content).
    pub page: Option<(&'static str, &'static str)>,
}

/// The test page of Apache httpd on Red Hat-style systems.
const HTTPD_TEST_PAGE: &str = "<html><body><h1>It works!</h1></body></html>\n";
/// nginx's welcome page (title and heading).
const NGINX_PAGE: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n";
const UBUNTU_APACHE_PAGE: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Apache2 Ubuntu Default Page: It works</title>\n</head>\n<body>\n<h1>It works!</h1>\n</body>\n</html>\n";
const DEBIAN_APACHE_PAGE: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Apache2 Debian Default Page: It works</title>\n</head>\n<body>\n<h1>It works!</h1>\n</body>\n</html>\n";

/// Packages without a service, the same everywhere.
const TOOLS: [Package; 3] = [
    Package {
        name: "git",
        version: "2.47.1",
        service: None,
        page: None,
    },
    Package {
        name: "python3",
        version: "3.9.20",
        service: None,
        page: None,
    },
    Package {
        name: "stress",
        version: "1.0.7",
        service: None,
        page: None,
    },
];

const RPM_SERVERS: [Package; 2] = [
    Package {
        name: "httpd",
        version: "2.4.62-1.amzn2023",
        service: Some(Service {
            unit: "httpd",
            description: "The Apache HTTP Server",
            port: 80,
            docroot: "/var/www/html",
            fallback_page: Some(HTTPD_TEST_PAGE),
        }),
        page: None,
    },
    Package {
        name: "nginx",
        version: "1.26.3-1.amzn2023",
        service: Some(Service {
            unit: "nginx",
            description: "The nginx HTTP and reverse proxy server",
            port: 80,
            docroot: "/usr/share/nginx/html",
            fallback_page: None,
        }),
        page: Some(("/usr/share/nginx/html/index.html", NGINX_PAGE)),
    },
];

const fn deb_servers(apache_page: &'static str) -> [Package; 2] {
    [
        Package {
            name: "apache2",
            version: "2.4.58-1ubuntu8.6",
            service: Some(Service {
                unit: "apache2",
                description: "The Apache HTTP Server",
                port: 80,
                docroot: "/var/www/html",
                fallback_page: None,
            }),
            page: Some(("/var/www/html/index.html", apache_page)),
        },
        Package {
            name: "nginx",
            version: "1.24.0-2ubuntu7.3",
            service: Some(Service {
                unit: "nginx",
                description: "A high performance web server and a reverse proxy server",
                port: 80,
                docroot: "/var/www/html",
                fallback_page: None,
            }),
            page: Some(("/var/www/html/index.nginx-debian.html", NGINX_PAGE)),
        },
    ]
}

const UBUNTU_SERVERS: [Package; 2] = deb_servers(UBUNTU_APACHE_PAGE);
const DEBIAN_SERVERS: [Package; 2] = deb_servers(DEBIAN_APACHE_PAGE);

const SUSE_SERVERS: [Package; 2] = [
    Package {
        name: "apache2",
        version: "2.4.58-150600.5.29.1",
        service: Some(Service {
            unit: "apache2",
            description: "The Apache Webserver",
            port: 80,
            docroot: "/srv/www/htdocs",
            fallback_page: None,
        }),
        page: None,
    },
    Package {
        name: "nginx",
        version: "1.21.5-150600.10.6.1",
        service: Some(Service {
            unit: "nginx",
            description: "The nginx HTTP and reverse proxy server",
            port: 80,
            docroot: "/srv/www/htdocs",
            fallback_page: None,
        }),
        page: None,
    },
];

/// A systemd unit that serves no pages: the ECS-optimized AMI's Docker
/// daemon and ECS agent, which the image has installed and enabled.
#[derive(Debug, PartialEq, Eq)]
pub struct Daemon {
    /// The package that brings it.
    pub package: &'static str,
    /// Unit name without `.service`.
    pub unit: &'static str,
    /// The unit's `Description=`.
    pub description: &'static str,
}

/// The ECS-optimized AMI's daemons, described as their unit files (from
/// the `docker` and `ecs-init` packages) describe them.
pub const DAEMONS: [Daemon; 2] = [
    Daemon {
        package: "docker",
        unit: "docker",
        description: "Docker Application Container Engine",
    },
    Daemon {
        package: "ecs-init",
        unit: "ecs",
        description: "Amazon Elastic Container Service - container agent",
    },
];

/// The index files web servers look for, in order.
pub const INDEX_FILES: [&str; 2] = ["index.html", "index.nginx-debian.html"];

fn servers(family: OsFamily) -> &'static [Package] {
    match family {
        OsFamily::AmazonLinux2023 | OsFamily::AmazonLinux2 | OsFamily::RedHat => &RPM_SERVERS,
        OsFamily::Ubuntu => &UBUNTU_SERVERS,
        OsFamily::Debian => &DEBIAN_SERVERS,
        OsFamily::Suse => &SUSE_SERVERS,
        OsFamily::Windows => &[],
    }
}

/// The package called `name` in `family`'s repositories.
pub fn find(family: OsFamily, name: &str) -> Option<&'static Package> {
    servers(family)
        .iter()
        .chain(TOOLS.iter())
        .find(|p| p.name == name)
}

/// The service unit called `unit` among `family`'s packages.
pub fn service(family: OsFamily, unit: &str) -> Option<&'static Service> {
    servers(family)
        .iter()
        .filter_map(|p| p.service.as_ref())
        .find(|s| s.unit == unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_name_apache_their_own_way() {
        assert!(find(OsFamily::AmazonLinux2023, "httpd").is_some());
        assert!(find(OsFamily::AmazonLinux2023, "apache2").is_none());
        assert!(find(OsFamily::Ubuntu, "apache2").is_some());
        assert!(find(OsFamily::Ubuntu, "httpd").is_none());
        assert_eq!(
            service(OsFamily::Suse, "apache2").map(|s| s.docroot),
            Some("/srv/www/htdocs")
        );
        assert!(find(OsFamily::Debian, "git").is_some());
        assert!(find(OsFamily::Windows, "nginx").is_none());
    }
}
