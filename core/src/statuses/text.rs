//! What a status's text holds for the server: links, `@mentions` and `#hashtags`, found the way
//! Mastodon's text formatter finds them, so that the same text links the same things here.
//!
//! [`scan`] splits text into [`Segment`]s without deciding anything; the renderer then links the
//! mentions that name known accounts and leaves the rest as text.

/// A piece of a status's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'t> {
    /// Text shown as written (escaped when rendered).
    Text(&'t str),
    /// An `http://` or `https://` URL.
    Link(&'t str),
    /// `@nick` or `@nick@domain` (the domain may carry a port, as test instances do).
    Mention {
        /// The whole mention as written, `@` included: shown when no account answers to it.
        written: &'t str,
        /// The nickname.
        nick: &'t str,
        /// The domain, when one was written.
        domain: Option<&'t str>,
    },
    /// `#tag`, without the `#`.
    Hashtag {
        /// The whole hashtag as written, `#` included.
        written: &'t str,
        /// The tag's name.
        name: &'t str,
    },
}

/// Longest nickname and hashtag taken from text: past this the text is not a mention or tag (and a
/// hostile text cannot make the server look up a megabyte-long name).
const MAX_NAME: usize = 100;

/// Splits `text` into text, links, mentions and hashtags, in order. Linear in the text's length.
pub fn scan(text: &str) -> Vec<Segment<'_>> {
    let mut segments = Vec::new();
    let mut plain_from = 0;
    let mut at = 0;
    while at < text.len() {
        let before = text[..at].chars().next_back();
        let found = match text.as_bytes()[at] {
            b'h' if starts_link(before) => link_at(text, at).map(|end| (end, Segment::Link(&text[at..end]))),
            b'@' if starts_mention(before) => mention_at(text, at),
            b'#' if starts_hashtag(before) => hashtag_at(text, at),
            _ => None,
        };
        match found {
            Some((end, segment)) => {
                if plain_from < at {
                    segments.push(Segment::Text(&text[plain_from..at]));
                }
                segments.push(segment);
                at = end;
                plain_from = end;
            }
            None => at += text[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if plain_from < text.len() {
        segments.push(Segment::Text(&text[plain_from..]));
    }
    segments
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn starts_link(before: Option<char>) -> bool {
    before.is_none_or(|c| !is_word(c) && c != '/')
}

fn starts_mention(before: Option<char>) -> bool {
    before.is_none_or(|c| !is_word(c) && !matches!(c, '/' | '@' | '.'))
}

fn starts_hashtag(before: Option<char>) -> bool {
    before.is_none_or(|c| !is_word(c) && !matches!(c, '/' | ')' | '#' | '&'))
}

/// The end of the URL starting at `at`, if one does: `http(s)://` and a host, up to white space or
/// a character URLs do not hold, without trailing punctuation (a closing parenthesis stays when the
/// URL opened one, as in Wikipedia's links).
fn link_at(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let scheme = ["https://", "http://"].into_iter().find(|s| rest.starts_with(s))?;
    let body_start = at + scheme.len();
    let mut end = body_start;
    for c in text[body_start..].chars() {
        if c.is_whitespace()
            || matches!(c, '<' | '>' | '"' | '\u{3000}')
            || (!c.is_ascii() && !c.is_alphanumeric())
        {
            break;
        }
        end += c.len_utf8();
    }
    while let Some(last) = text[body_start..end].chars().next_back() {
        let balanced_paren = last == ')' && {
            let url = &text[body_start..end];
            url.matches('(').count() >= url.matches(')').count()
        };
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | ')' | ']' | '*') && !balanced_paren {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    let host = text[body_start..end].split(['/', '?', '#']).next().unwrap_or("");
    (!host.is_empty() && host.chars().any(|c| c.is_alphanumeric())).then_some(end)
}

/// `@nick` or `@nick@domain[:port]` at `at`.
fn mention_at(text: &str, at: usize) -> Option<(usize, Segment<'_>)> {
    let nick_start = at + 1;
    let nick_len = text[nick_start..].bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
    if nick_len == 0 || nick_len > MAX_NAME {
        return None;
    }
    let nick_end = nick_start + nick_len;
    let mut end = nick_end;
    let mut domain = None;
    if text[nick_end..].starts_with('@') {
        let domain_start = nick_end + 1;
        let raw = text[domain_start..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'))
            .count();
        // A domain ends with a letter or digit (`@bob@example.com.` ends a sentence).
        let trimmed = text[domain_start..domain_start + raw].trim_end_matches(['.', '-', ':']);
        let valid = !trimmed.is_empty()
            && trimmed.len() <= 253
            && trimmed.split(':').count() <= 2
            && trimmed.split(':').nth(1).is_none_or(|port| port.bytes().all(|b| b.is_ascii_digit()));
        if valid {
            domain = Some(trimmed);
            end = domain_start + trimmed.len();
        }
    }
    // `@bob's` is a mention; `@bob_` is bob_, and `@bob.` ends a sentence.
    let segment = Segment::Mention { written: &text[at..end], nick: &text[nick_start..nick_end], domain };
    Some((end, segment))
}

/// `#tag` at `at`: letters, digits, `_` and `·` (Catalan), in any script, not only digits.
fn hashtag_at(text: &str, at: usize) -> Option<(usize, Segment<'_>)> {
    let name_start = at + 1;
    let mut end = name_start;
    for c in text[name_start..].chars() {
        if is_word(c) || c == '·' {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    let name = text[name_start..end].trim_end_matches('·');
    let end = name_start + name.len();
    let valid =
        !name.is_empty() && name.chars().count() <= MAX_NAME && !name.chars().all(|c| c.is_ascii_digit());
    valid.then(|| (end, Segment::Hashtag { written: &text[at..end], name }))
}

#[cfg(test)]
mod tests {
    use super::Segment::*;
    use super::*;

    #[test]
    fn text_without_anything_special_is_one_text_segment() {
        assert_eq!(scan("just words."), vec![Text("just words.")]);
        assert_eq!(scan(""), vec![]);
    }

    #[test]
    fn links_end_before_trailing_punctuation_but_keep_balanced_parentheses() {
        assert_eq!(
            scan("see https://example.com/a?b=1."),
            vec![Text("see "), Link("https://example.com/a?b=1"), Text(".")]
        );
        assert_eq!(
            scan("(https://en.wikipedia.org/wiki/Rust_(language))"),
            vec![Text("("), Link("https://en.wikipedia.org/wiki/Rust_(language)"), Text(")")]
        );
        assert_eq!(scan("http://"), vec![Text("http://")], "no host, no link");
        assert_eq!(scan("xhttps://a.b"), vec![Text("xhttps://a.b")], "inside a word, no link");
        assert_eq!(
            scan("日本語https://example.jp/パス、です"),
            vec![Text("日本語https://example.jp/パス、です")],
            "a URL glued to a Japanese word is not taken"
        );
        assert_eq!(
            scan("見て https://example.jp/パス、です"),
            vec![Text("見て "), Link("https://example.jp/パス"), Text("、です")]
        );
    }

    #[test]
    fn mentions_are_local_or_carry_a_domain_with_an_optional_port() {
        assert_eq!(
            scan("hi @alice and @bob@example.com."),
            vec![
                Text("hi "),
                Mention { written: "@alice", nick: "alice", domain: None },
                Text(" and "),
                Mention { written: "@bob@example.com", nick: "bob", domain: Some("example.com") },
                Text("."),
            ]
        );
        assert_eq!(
            scan("@carol@127.0.0.2:4002"),
            vec![Mention { written: "@carol@127.0.0.2:4002", nick: "carol", domain: Some("127.0.0.2:4002") }]
        );
        assert_eq!(
            scan("mail me: me@example.com"),
            vec![Text("mail me: me@example.com")],
            "an address is no mention"
        );
        assert_eq!(scan("@"), vec![Text("@")]);
        let too_long = format!("@{}", "a".repeat(101));
        assert_eq!(scan(&too_long), vec![Text(&too_long)]);
    }

    #[test]
    fn hashtags_take_letters_of_any_script_but_not_bare_numbers() {
        assert_eq!(
            scan("#Rust と #日本語 #2024 #a_b·c"),
            vec![
                Hashtag { written: "#Rust", name: "Rust" },
                Text(" と "),
                Hashtag { written: "#日本語", name: "日本語" },
                Text(" #2024 "),
                Hashtag { written: "#a_b·c", name: "a_b·c" },
            ]
        );
        assert_eq!(scan("a#b"), vec![Text("a#b")], "inside a word, no tag");
        assert_eq!(scan("https://example.com/#anchor"), vec![Link("https://example.com/#anchor")]);
    }
}
