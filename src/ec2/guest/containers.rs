//! Docker containers on a guest, as the ECS agent starts them: each keeps
//! the image it runs and the host port Docker publishes it on, and answers
//! HTTP there with that image's page. Containers live in memory, not on the
//! root volume: a stop or reboot ends them (and snapshots never carry them).

use super::http::HttpAnswer;
use super::Guest;

/// A running container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Container {
    /// Docker's 64-hex-digit container id (`docker ps` shows the first 12,
    /// which are also the container's host name).
    pub id: String,
    /// Docker's name for it; the agent's form is
    /// `ecs-<family>-<revision>-<container>-<random>`.
    pub name: String,
    /// The image reference as the task definition gives it.
    pub image: String,
    /// The ECS task it belongs to.
    pub task_arn: String,
    /// The port the container listens on inside.
    pub container_port: Option<u16>,
    /// The host port Docker publishes it on, if any.
    pub host_port: Option<u16>,
    /// The address the server inside sees itself at (`172.17.0.2` on the
    /// bridge network, the instance's address in host mode).
    pub address: String,
    /// When it started.
    pub started_at: u64,
}

/// What an image serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    /// The nginx welcome page (and nginx's own 404 page elsewhere).
    Nginx,
    /// Apache's "It works!" page (and Apache's 404 page elsewhere).
    Httpd,
    /// NGINX's demo `nginxdemos/hello`: a page naming the container that
    /// answered, on every path.
    Hello,
    /// The same demo's `plain-text` tag.
    HelloText,
}

/// The public images the sandbox can pull, with the page each serves. Any
/// other reference fails to pull (there is no registry to push one to).
const IMAGES: &[(&str, Page)] = &[
    ("nginx", Page::Nginx),
    ("public.ecr.aws/nginx/nginx", Page::Nginx),
    ("httpd", Page::Httpd),
    ("public.ecr.aws/docker/library/httpd", Page::Httpd),
    ("public.ecr.aws/docker/library/nginx", Page::Nginx),
    ("nginxdemos/hello", Page::Hello),
];

/// The image name and tag of `reference` (`nginx:1.27` → (`nginx`,
/// `1.27`)), with Docker Hub's `docker.io/` and `library/` prefixes
/// dropped and `latest` as the default tag.
fn split_reference(reference: &str) -> (&str, &str) {
    let name_start = reference.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match reference[name_start..].find(':') {
        Some(i) => (
            &reference[..name_start + i],
            &reference[name_start + i + 1..],
        ),
        None => (reference, "latest"),
    };
    let name = name.strip_prefix("docker.io/").unwrap_or(name);
    (name.strip_prefix("library/").unwrap_or(name), tag)
}

/// What `reference` serves, if the sandbox knows the image. Every tag of
/// the catalog's images pulls, except `nginxdemos/hello`, whose tags are
/// `latest` and `plain-text`.
fn page_of(reference: &str) -> Option<Page> {
    let (name, tag) = split_reference(reference);
    let page = IMAGES.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)?;
    match (page, tag) {
        (Page::Hello, "plain-text") => Some(Page::HelloText),
        (Page::Hello, "latest") => Some(Page::Hello),
        (Page::Hello, _) => None,
        (page, _) => Some(page),
    }
}

/// True when the sandbox can pull `reference`.
pub fn can_pull(reference: &str) -> bool {
    page_of(reference).is_some()
}

/// nginx's welcome page (title and heading, as in the nginx image).
const NGINX_PAGE: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n</body>\n</html>\n";
/// nginx's own error page for a missing file.
const NGINX_404: &str = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
/// The `httpd` image's index page.
const HTTPD_PAGE: &str = "<html><body><h1>It works!</h1></body></html>\n";

impl Container {
    /// The host name inside the container: its short id.
    pub fn hostname(&self) -> &str {
        self.id.get(..12).unwrap_or(&self.id)
    }

    /// The answer to a GET of `path`.
    pub fn http_get(&self, path: &str) -> HttpAnswer {
        let path = if path.is_empty() { "/" } else { path };
        let index = matches!(path, "/" | "/index.html");
        let port = self.container_port.unwrap_or(80);
        let ok = |body: String| HttpAnswer { status: 200, body };
        match page_of(&self.image) {
            Some(Page::Nginx) if index => ok(NGINX_PAGE.into()),
            Some(Page::Httpd) if index => ok(HTTPD_PAGE.into()),
            Some(Page::Httpd) => HttpAnswer::error_page(404),
            // The demo's page, abridged to its table (its logo, styles and
            // auto-refresh script left out); it answers every path.
            Some(Page::Hello) => ok(format!(
                "<!DOCTYPE html>\n<html>\n<head>\n<title>Hello World</title>\n</head>\n<body>\n<div class=\"info\">\n<p><span>Server&nbsp;name:</span> <span>{}</span></p>\n<p><span>Server&nbsp;address:</span> <span>{}:{port}</span></p>\n<p class=\"smaller\"><span>URI:</span> <span>{path}</span></p>\n</div>\n</body>\n</html>\n",
                self.hostname(),
                self.address
            )),
            Some(Page::HelloText) => ok(format!(
                "Server address: {}:{port}\nServer name: {}\nURI: {path}\n",
                self.address,
                self.hostname()
            )),
            _ => HttpAnswer {
                status: 404,
                body: NGINX_404.into(),
            },
        }
    }
}

impl Guest {
    /// The container published on host port `port`, if any.
    pub fn container_on(&self, port: u16) -> Option<&Container> {
        self.containers.values().find(|c| c.host_port == Some(port))
    }

    /// The lowest free address on Docker's default bridge network
    /// (172.17.0.1 is the host's end), as Docker hands them out.
    pub fn free_bridge_address(&self) -> String {
        let used: Vec<&str> = self
            .containers
            .values()
            .map(|c| c.address.as_str())
            .collect();
        (2..=254)
            .map(|n| format!("172.17.0.{n}"))
            .find(|a| !used.contains(&a.as_str()))
            .unwrap_or_else(|| "172.17.0.254".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container(image: &str) -> Container {
        Container {
            id: "0123456789abcdef".repeat(4),
            name: "ecs-web-1-web-a1".into(),
            image: image.into(),
            task_arn: "arn".into(),
            container_port: Some(80),
            host_port: Some(32768),
            address: "172.17.0.2".into(),
            started_at: 0,
        }
    }

    #[test]
    fn references_name_catalog_images_with_any_registry_prefix_and_tag() {
        assert!(can_pull("nginx"));
        assert!(can_pull("nginx:1.27"));
        assert!(can_pull("docker.io/library/nginx:latest"));
        assert!(can_pull("public.ecr.aws/nginx/nginx:stable"));
        assert!(can_pull("nginxdemos/hello:plain-text"));
        assert!(!can_pull("nginxdemos/hello:0.4"));
        assert!(!can_pull("my-app:v1"));
        assert!(!can_pull("ngnix"));
    }

    #[test]
    fn each_image_serves_its_page() {
        assert!(container("nginx")
            .http_get("/")
            .body
            .contains("Welcome to nginx!"));
        assert_eq!(container("nginx").http_get("/x").status, 404);
        assert!(container("httpd").http_get("/").body.contains("It works!"));
        let hello = container("nginxdemos/hello:plain-text").http_get("/a");
        assert_eq!(
            hello.body,
            "Server address: 172.17.0.2:80\nServer name: 0123456789ab\nURI: /a\n"
        );
        assert!(container("nginxdemos/hello")
            .http_get("/")
            .body
            .contains("<span>0123456789ab</span>"));
    }
}
