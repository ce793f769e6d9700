//! A status's text rendered to the HTML clients show: escaped, with paragraphs and line breaks,
//! links, the mentions of accounts that exist, and hashtags, in the markup Mastodon gives them
//! (`h-card`, `u-url mention`, `mention hashtag`), so apps style them as they do Mastodon's.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::text::{Segment, scan};
use crate::model::AccountId;

/// An account a mention resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionTarget {
    /// The account.
    pub id: AccountId,
    /// Its nickname, as it spells it.
    pub nickname: String,
    /// Its domain; `None` when local.
    pub domain: Option<String>,
    /// Its profile page, which the mention links to.
    pub url: String,
}

/// The mentions of a text, keyed by `(nickname, domain)` in lower case, the way accounts are
/// looked up (`None`: this instance).
pub type Resolved = HashMap<(String, Option<String>), MentionTarget>;

/// Rendered text, with what it refers to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rendered {
    /// Safe HTML.
    pub html: String,
    /// The accounts mentioned, each once, in the order written.
    pub mentions: Vec<AccountId>,
    /// The hashtags, each once (ignoring case), as first written.
    pub tags: Vec<String>,
}

/// The `(nickname, domain)` pairs `text` mentions, lower-cased, each once: what to look up before
/// rendering.
pub fn mentioned(text: &str) -> Vec<(String, Option<String>)> {
    let mut seen = Vec::new();
    for segment in scan(text) {
        if let Segment::Mention { nick, domain, .. } = segment {
            let key = mention_key(nick, domain);
            if !seen.contains(&key) {
                seen.push(key);
            }
        }
    }
    seen
}

fn mention_key(nick: &str, domain: Option<&str>) -> (String, Option<String>) {
    (nick.to_lowercase(), domain.map(str::to_lowercase))
}

/// Renders plain text: blank lines part paragraphs, single newlines break lines; links, resolved
/// mentions and hashtags become links (`tag_url` gives a tag's page). A mention no account answers
/// to stays text.
pub fn plain(text: &str, resolved: &Resolved, tag_url: &dyn Fn(&str) -> String) -> Rendered {
    let mut rendered = Rendered::default();
    let text = text.replace("\r\n", "\n");
    let paragraphs: Vec<&str> =
        text.split("\n\n").map(|p| p.trim_matches('\n')).filter(|p| !p.trim().is_empty()).collect();
    for paragraph in paragraphs {
        rendered.html.push_str("<p>");
        for (i, line) in paragraph.split('\n').enumerate() {
            if i > 0 {
                rendered.html.push_str("<br />");
            }
            inline(line, resolved, tag_url, &mut rendered);
        }
        rendered.html.push_str("</p>");
    }
    rendered
}

/// Renders Markdown (Pleroma's `text/markdown`, CommonMark with strikethrough, parsed by
/// `pulldown-cmark`) to the HTML Mastodon apps show: paragraphs, line breaks, emphasis, strong,
/// strikethrough, code, code blocks, quotes and lists as themselves; headings as strong
/// paragraphs; links (http and https only) and images as links; raw HTML shown as text, never
/// passed through. Plain text inside gets the links, mentions and hashtags [`plain`] gives it.
pub fn markdown(text: &str, resolved: &Resolved, tag_url: &dyn Fn(&str) -> String) -> Rendered {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut out = Rendered::default();
    // Whether each open link was written (its URL was safe), innermost last.
    let mut links: Vec<bool> = Vec::new();
    let mut in_code_block = false;
    for event in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => out.html.push_str("<p>"),
                Tag::Heading { .. } => out.html.push_str("<p><strong>"),
                Tag::BlockQuote(_) => out.html.push_str("<blockquote>"),
                Tag::CodeBlock(_) => {
                    in_code_block = true;
                    out.html.push_str("<pre><code>");
                }
                Tag::List(Some(1)) => out.html.push_str("<ol>"),
                Tag::List(Some(start)) => {
                    let _ = write!(out.html, "<ol start=\"{start}\">");
                }
                Tag::List(None) => out.html.push_str("<ul>"),
                Tag::Item => out.html.push_str("<li>"),
                Tag::Emphasis => out.html.push_str("<em>"),
                Tag::Strong => out.html.push_str("<strong>"),
                Tag::Strikethrough => out.html.push_str("<del>"),
                Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                    let safe = dest_url.starts_with("https://") || dest_url.starts_with("http://");
                    if safe {
                        out.html.push_str("<a href=\"");
                        escape_into(&dest_url, &mut out.html);
                        out.html.push_str("\" target=\"_blank\" rel=\"nofollow noopener noreferrer\">");
                    }
                    links.push(safe);
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => out.html.push_str("</p>"),
                TagEnd::Heading(_) => out.html.push_str("</strong></p>"),
                TagEnd::BlockQuote(_) => out.html.push_str("</blockquote>"),
                TagEnd::CodeBlock => {
                    in_code_block = false;
                    out.html.push_str("</code></pre>");
                }
                TagEnd::List(true) => out.html.push_str("</ol>"),
                TagEnd::List(false) => out.html.push_str("</ul>"),
                TagEnd::Item => out.html.push_str("</li>"),
                TagEnd::Emphasis => out.html.push_str("</em>"),
                TagEnd::Strong => out.html.push_str("</strong>"),
                TagEnd::Strikethrough => out.html.push_str("</del>"),
                TagEnd::Link | TagEnd::Image if links.pop() == Some(true) => out.html.push_str("</a>"),
                _ => {}
            },
            // Inside a link or code, text is only text: a link in a link is no link.
            Event::Text(text) if in_code_block || !links.is_empty() => escape_into(&text, &mut out.html),
            Event::Text(text) => inline(&text, resolved, tag_url, &mut out),
            Event::Code(code) => {
                out.html.push_str("<code>");
                escape_into(&code, &mut out.html);
                out.html.push_str("</code>");
            }
            Event::Html(html) | Event::InlineHtml(html) => escape_into(&html, &mut out.html),
            Event::SoftBreak | Event::HardBreak => out.html.push_str("<br />"),
            _ => {}
        }
    }
    out
}

/// One line's segments, appended to `out`.
fn inline(line: &str, resolved: &Resolved, tag_url: &dyn Fn(&str) -> String, out: &mut Rendered) {
    for segment in scan(line) {
        match segment {
            Segment::Text(text) => escape_into(text, &mut out.html),
            Segment::Link(url) => {
                out.html.push_str("<a href=\"");
                escape_into(url, &mut out.html);
                out.html.push_str("\" target=\"_blank\" rel=\"nofollow noopener noreferrer\">");
                escape_into(url, &mut out.html);
                out.html.push_str("</a>");
            }
            Segment::Mention { written, nick, domain } => match resolved.get(&mention_key(nick, domain)) {
                Some(target) => {
                    if !out.mentions.contains(&target.id) {
                        out.mentions.push(target.id);
                    }
                    out.html.push_str("<span class=\"h-card\" translate=\"no\"><a href=\"");
                    escape_into(&target.url, &mut out.html);
                    out.html.push_str("\" class=\"u-url mention\">@<span>");
                    escape_into(&target.nickname, &mut out.html);
                    out.html.push_str("</span></a></span>");
                }
                None => escape_into(written, &mut out.html),
            },
            Segment::Hashtag { name, .. } => {
                if !out.tags.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
                    out.tags.push(name.to_string());
                }
                out.html.push_str("<a href=\"");
                escape_into(&tag_url(name), &mut out.html);
                out.html.push_str("\" class=\"mention hashtag\" rel=\"tag\">#<span>");
                escape_into(name, &mut out.html);
                out.html.push_str("</span></a>");
            }
        }
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => {
                let _ = out.write_char(c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag_url(name: &str) -> String {
        format!("https://example.test/tags/{name}")
    }

    fn alice() -> Resolved {
        let target = MentionTarget {
            id: AccountId(7),
            nickname: "alice".into(),
            domain: None,
            url: "https://example.test/@alice".into(),
        };
        HashMap::from([(("alice".to_string(), None), target)])
    }

    #[test]
    fn text_is_escaped_and_split_into_paragraphs_and_lines() {
        let rendered =
            plain("<b>hi</b> & \"you\"\nnext line\n\n\nnew paragraph\n", &Resolved::new(), &tag_url);
        assert_eq!(
            rendered.html,
            "<p>&lt;b&gt;hi&lt;/b&gt; &amp; &quot;you&quot;<br />next line</p><p>new paragraph</p>"
        );
    }

    #[test]
    fn known_mentions_link_to_the_profile_and_unknown_ones_stay_text() {
        let rendered = plain("@Alice and @nobody, again @alice", &alice(), &tag_url);
        assert_eq!(
            rendered.html,
            "<p><span class=\"h-card\" translate=\"no\"><a href=\"https://example.test/@alice\" class=\"u-url mention\">@<span>alice</span></a></span> and @nobody, again <span class=\"h-card\" translate=\"no\"><a href=\"https://example.test/@alice\" class=\"u-url mention\">@<span>alice</span></a></span></p>"
        );
        assert_eq!(rendered.mentions, vec![AccountId(7)], "each account once");
        assert_eq!(
            mentioned("@Alice @bob@Example.com @alice"),
            vec![("alice".to_string(), None), ("bob".to_string(), Some("example.com".to_string()))]
        );
    }

    #[test]
    fn hashtags_link_to_their_page_and_are_listed_once_ignoring_case() {
        let rendered = plain("#Rust #rust #日本語", &Resolved::new(), &tag_url);
        assert_eq!(rendered.tags, vec!["Rust".to_string(), "日本語".to_string()]);
        assert!(rendered.html.contains(
            "<a href=\"https://example.test/tags/日本語\" class=\"mention hashtag\" rel=\"tag\">#<span>日本語</span></a>"
        ));
    }

    #[test]
    fn links_are_escaped_in_the_attribute_and_the_text() {
        let rendered = plain("https://example.com/?a=1&b=\"2", &Resolved::new(), &tag_url);
        assert_eq!(
            rendered.html,
            "<p><a href=\"https://example.com/?a=1&amp;b=\" target=\"_blank\" rel=\"nofollow noopener noreferrer\">https://example.com/?a=1&amp;b=</a>&quot;2</p>"
        );
    }

    #[test]
    fn markdown_keeps_its_structure_and_never_passes_html_or_script_links() {
        let text = "# Title\n\n**bold** _em_ ~~gone~~ `code` @alice #Rust https://example.com\n\n\
            > quoted\n\n- one\n- two\n\n3. three\n\n```\n<b>@alice</b>\n```\n\n\
            [site](https://example.org) [bad](javascript:alert(1)) ![cat](https://example.org/cat.png)\n\n\
            <script>alert(1)</script> <b onclick=x>hi</b>";
        let rendered = markdown(text, &alice(), &tag_url);
        let html = &rendered.html;
        for expected in [
            "<p><strong>Title</strong></p>",
            "<strong>bold</strong> <em>em</em> <del>gone</del> <code>code</code>",
            "class=\"u-url mention\">@<span>alice</span></a>",
            "rel=\"tag\">#<span>Rust</span></a>",
            "<a href=\"https://example.com\"",
            "<blockquote><p>quoted</p></blockquote>",
            "<ul><li>one</li><li>two</li></ul>",
            "<ol start=\"3\"><li>three</li></ol>",
            "<pre><code>&lt;b&gt;@alice&lt;/b&gt;\n</code></pre>",
            "<a href=\"https://example.org\" target=\"_blank\" rel=\"nofollow noopener noreferrer\">site</a>",
            "<a href=\"https://example.org/cat.png\" target=\"_blank\" rel=\"nofollow noopener noreferrer\">cat</a>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
        ] {
            assert!(html.contains(expected), "{expected}\n in {html}");
        }
        assert!(
            !html.contains("javascript:") && !html.contains("<script") && !html.contains("<b "),
            "{html}"
        );
        assert_eq!(rendered.mentions, vec![AccountId(7)], "a mention in code is no mention");
        assert_eq!(rendered.tags, vec!["Rust".to_string()]);
    }
}
