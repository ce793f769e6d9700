//! A browser without JavaScript for the server's HTML forms: open a page, keep its cookie, post its
//! form with the hidden fields the server rendered plus what a person would type.

use reqwest::{StatusCode, header};

use super::mastodon::{Api, hidden_inputs};

/// A page as the browser received it.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub headers: header::HeaderMap,
    pub html: String,
    /// The cookie the browser holds for the site (`name=value`), set by this page or carried over.
    pub cookie: Option<String>,
}

impl Page {
    /// Opens `url` as a browser with no cookie yet.
    pub async fn open(api: &Api, url: &str) -> Page {
        let res = api.http.get(url).send().await.expect("GET page");
        Self::read(res, None).await
    }

    async fn read(res: reqwest::Response, cookie: Option<String>) -> Page {
        let set = res
            .headers()
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::to_string);
        let (status, headers) = (res.status(), res.headers().clone());
        let html = res.text().await.expect("page body");
        Page { status, headers, html, cookie: set.or(cookie) }
    }

    /// Posts the page's form (to its `action`) with its hidden fields and `typed`.
    pub async fn submit(&self, api: &Api, typed: &[(&str, &str)]) -> Page {
        let mut form = hidden_inputs(&self.html);
        form.extend(typed.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let mut request = api.http.post(api.url(&self.form_action())).form(&form);
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let res = request.send().await.expect("POST form");
        Self::read(res, self.cookie.clone()).await
    }

    /// The `action` of the page's form.
    pub fn form_action(&self) -> String {
        let start = self.html.find("<form").expect("the page has a form");
        let tag = &self.html[start..];
        let attr = tag.find("action=\"").expect("the form has an action") + "action=\"".len();
        tag[attr..attr + tag[attr..].find('"').unwrap()].to_string()
    }

    /// The error shown above the form or as the page's message, if any.
    pub fn message(&self) -> Option<&str> {
        ["id=\"error\"", "id=\"message\""].iter().find_map(|id| {
            let at = self.html.find(id)?;
            let start = self.html[at..].find('>')? + at + 1;
            let end = self.html[start..].find("</p>")? + start;
            Some(&self.html[start..end])
        })
    }
}
