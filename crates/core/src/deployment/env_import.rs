//! Reading `API_PUBLIC_URL` from a SocialMine root `.env` text, so the admin need not type it.

/// Why `API_PUBLIC_URL` could not be read from a `.env` text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvImportError {
    #[error(
        "the .env file has no API_PUBLIC_URL line. Pick SocialMine's root .env (the one next to its \
         docker-compose or package files), or type the public address of the API yourself."
    )]
    NotFound,
    #[error(
        "API_PUBLIC_URL is empty in the .env file. Set it to the public address of SocialMine's API \
         (for example https://api.yourdomain.com), or type it here yourself."
    )]
    Empty,
    #[error(
        "line {line} of the .env file could not be read before API_PUBLIC_URL was found (unbalanced \
         quotes or a stray character). Fix that line, or type the address yourself."
    )]
    BadLine { line: usize },
}

/// Reads `API_PUBLIC_URL` from the text of a SocialMine root `.env` file, with a real dotenv
/// parser (quotes, `export`, comments). The value is returned as written, for the checks to
/// judge. Lines that cannot be parsed are skipped when the key is found elsewhere; their
/// content is never echoed, since a `.env` file holds passwords.
///
/// `$VAR` references are kept literally rather than substituted: substitution would read the
/// process environment, and core reads nothing from its surroundings.
pub fn api_public_url_from_env(text: &str) -> Result<String, EnvImportError> {
    // Hide `$` from dotenvy's substitution behind a private-use character absent from the text.
    const DOLLAR: char = '\u{E000}';
    let hide = text.contains('$') && !text.contains(DOLLAR);
    let prepared;
    let input = if hide {
        prepared = text.replace('$', &DOLLAR.to_string());
        prepared.as_str()
    } else {
        text
    };
    let mut first_bad_line = None;
    let mut found = None;
    for item in dotenvy::from_read_iter(input.as_bytes()) {
        match item {
            Ok((k, v)) if k == "API_PUBLIC_URL" => found = Some(v),
            Ok(_) => {}
            Err(dotenvy::Error::LineParse(content, _)) => {
                if first_bad_line.is_none() {
                    first_bad_line = Some(line_of(input, &content));
                }
            }
            Err(_) => {
                if first_bad_line.is_none() {
                    first_bad_line = Some(1);
                }
                break;
            }
        }
    }
    let found = found.map(|v| if hide { v.replace(DOLLAR, "$") } else { v });
    match (found, first_bad_line) {
        (Some(v), _) if v.trim().is_empty() => Err(EnvImportError::Empty),
        (Some(v), _) => Ok(v),
        (None, Some(line)) => Err(EnvImportError::BadLine { line }),
        (None, None) => Err(EnvImportError::NotFound),
    }
}

fn line_of(text: &str, content: &str) -> usize {
    let first = content.lines().next().unwrap_or("").trim();
    if first.is_empty() {
        return 1;
    }
    text.lines()
        .position(|l| l.contains(first))
        .map_or(1, |i| i + 1)
}
