//! The guest's web servers answering an HTTP GET: the index page (or the
//! package's fallback), a file under the docroot, or Apache's error page.
//! curl and load balancer health checks ask through the same function.

use super::Guest;
use std::borrow::Cow;

/// What a guest's web server sends back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpAnswer {
    /// The HTTP status code (200, 403, 404).
    pub status: u16,
    /// The response body.
    pub body: String,
}

/// The reason phrase HTTP/1.1 servers send after a status code.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

impl HttpAnswer {
    /// The error page Apache writes for `status` (the web server packages
    /// of the catalog all answer errors with it).
    pub(super) fn error_page(status: u16) -> Self {
        let title = format!("{status} {}", reason_phrase(status));
        Self {
            status,
            body: format!("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>{title}</title>\n</head><body>\n<h1>{}</h1>\n</body></html>\n", reason_phrase(status)),
        }
    }
}

impl Guest {
    /// The answer of the web server listening on `port` to a GET of `path`;
    /// `None` when no web server listens there (nothing, or sshd).
    pub fn http_get(&self, port: u16, path: &str) -> Option<HttpAnswer> {
        if let Some(container) = self.container_on(port) {
            return Some(container.http_get(path));
        }
        Some(match self.static_page(port, path)? {
            Ok(body) => HttpAnswer {
                status: 200,
                body: body.into_owned(),
            },
            Err(status) => HttpAnswer::error_page(status),
        })
    }

    /// The status [`Guest::http_get`] would answer with, without writing
    /// out the body (load balancer health checks look at nothing else).
    pub fn http_status(&self, port: u16, path: &str) -> Option<u16> {
        if let Some(container) = self.container_on(port) {
            return Some(container.http_get(path).status);
        }
        Some(
            self.static_page(port, path)?
                .map_or_else(|status| status, |_| 200),
        )
    }

    /// A web server package's answer: the page it serves (borrowed from
    /// the guest's files where it can be), or an error status.
    fn static_page(&self, port: u16, path: &str) -> Option<Result<Cow<'_, str>, u16>> {
        let index = self.http_index(port)?;
        if path == "/" || path.is_empty() {
            return Some(index);
        }
        Some(
            self.listener(port)
                .and_then(|unit| self.service(unit))
                .and_then(|s| self.fs.read(&format!("{}{path}", s.docroot), "root").ok())
                .map(Cow::Borrowed)
                .ok_or(404),
        )
    }
}
