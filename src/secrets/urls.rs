//! Credentials written into URLs: the userinfo of `scheme://user:password@host/…` and query
//! parameters that carry credentials (`?token=…`, `X-Amz-Signature=…`). They are masked by the
//! text around them, wherever they come from (a gate's `url`, a Terraform state's `url`, an
//! endpoint, a value in a definition), since nothing records them as secret when they are read.

/// Query parameter names whose values are credentials, compared without case. Names ending in
/// `token`, `secret`, `password` or `signature` are credentials too (`access_token`,
/// `client_secret`, `X-Amz-Signature`).
const CREDENTIAL_PARAMS: &[&str] = &[
    "auth",
    "authorization",
    "code",
    "key",
    "api_key",
    "api-key",
    "apikey",
    "access_key",
    "passwd",
    "pwd",
    "sig",
    "x-amz-credential",
    "x-amz-security-token",
];

const MASK: &str = "***";

fn is_credential_param(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    CREDENTIAL_PARAMS.contains(&name.as_str())
        || ["token", "secret", "password", "signature"].iter().any(|end| name.ends_with(end))
}

/// Where a URL ends in running text: at white space, a quote, an angle bracket or a backslash
/// (a JSON escape).
fn ends_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '<' | '>' | '\\')
}

/// `text` with every URL's userinfo and credential query values replaced by `***`.
pub fn mask_urls(text: &str) -> String {
    if !text.contains("://") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        // The scheme: letters, digits, `+`, `-`, `.` before `://`, starting with a letter.
        let head = &rest[..at];
        let scheme_len = head
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            .count();
        let after = at + 3;
        let end = rest[after..].find(ends_url).map_or(rest.len(), |e| after + e);
        if scheme_len == 0 || !head[head.len() - scheme_len..].starts_with(char::is_alphabetic) {
            out.push_str(&rest[..after]);
            rest = &rest[after..];
            continue;
        }
        out.push_str(&rest[..after]);
        out.push_str(&mask_url_body(&rest[after..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The part after `scheme://`: `userinfo@host:port/path?query#fragment`.
fn mask_url_body(body: &str) -> String {
    let authority_end = body.find(['/', '?', '#']).unwrap_or(body.len());
    let (authority, tail) = body.split_at(authority_end);
    let mut out = match authority.rfind('@') {
        Some(at) if at > 0 => format!("{MASK}{}", &authority[at..]),
        _ => authority.to_string(),
    };
    let Some(q) = tail.find('?') else {
        out.push_str(tail);
        return out;
    };
    out.push_str(&tail[..=q]);
    let query = &tail[q + 1..];
    let (query, fragment) = match query.find('#') {
        Some(h) => query.split_at(h),
        None => (query, ""),
    };
    let params: Vec<String> = query
        .split('&')
        .map(|param| match param.split_once('=') {
            Some((name, value)) if !value.is_empty() && is_credential_param(name) => {
                format!("{name}={MASK}")
            }
            _ => param.to_string(),
        })
        .collect();
    out.push_str(&params.join("&"));
    out.push_str(fragment);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_and_credential_parameters_are_masked() {
        assert_eq!(
            mask_urls("GET http://admin:Pa55w0rdXYZ@host:8080/health failed"),
            "GET http://***@host:8080/health failed"
        );
        assert_eq!(
            mask_urls(r#"{"url": "https://ghp_abc123@github.com/o/r.git"}"#),
            r#"{"url": "https://***@github.com/o/r.git"}"#
        );
        assert_eq!(
            mask_urls(
                "s3.example/x?X-Amz-Signature=abc&X-Amz-Date=1 https://b.example/k?X-Amz-Credential=AKIA%2F&X-Amz-Signature=deadbeef&part=2#top"
            ),
            "s3.example/x?X-Amz-Signature=abc&X-Amz-Date=1 https://b.example/k?X-Amz-Credential=***&X-Amz-Signature=***&part=2#top",
            "only inside URLs"
        );
        assert_eq!(
            mask_urls("http://h/p?access_token=t0k&page=2&Password=x&sig=s&api_key=k"),
            "http://h/p?access_token=***&page=2&Password=***&sig=***&api_key=***"
        );
    }

    #[test]
    fn urls_without_credentials_and_other_text_stay_as_they_are() {
        for text in [
            "http://127.0.0.1:5055",
            "s3://acme-terraform/dev/terraform.tfstate",
            "see https://docs.aws.amazon.com/x.html?page=1&lang=en, then retry",
            "a://b@ is no URL of note: ://@x",
            "mailto:someone@example.com",
            "no url at all: a@b",
            "http://host/path@v2?token=",
        ] {
            let masked = mask_urls(text);
            assert_eq!(masked, text.replace("://b@", "://***@"), "{text}");
        }
    }
}
