//! The `credentials` probe: the cheapest request that proves a client ID and secret
//! authenticate, with no user logging in. Built on the `oauth2` crate:
//! - `app_token`: `grant_type=client_credentials`; an access token proves the pair
//!   (Facebook, Instagram, Threads, TikTok);
//! - `bogus_code`: `grant_type=authorization_code` with a made-up code; which error comes back
//!   tells whether the client authenticated (X, LinkedIn; TikTok when it issues no app token).
//!
//! The catalog's answer table says what each error means; an answer it does not explain is
//! inconclusive and says what came back. The app token, when issued, is kept (redacted) for the
//! `graph_version` probe.

use std::borrow::Cow;

use oauth2::basic::{BasicClient, BasicErrorResponse, BasicTokenResponse};
use oauth2::{
    AuthType, AuthorizationCode, ClientId, ClientSecret, PkceCodeChallenge, RedirectUrl,
    RequestTokenError, TokenResponse, TokenUrl,
};
use socialmine_core::Secret;
use socialmine_core::endpoints::{
    AnswerMeaning, ClientAuth, CredentialProbe, PkceRule, ProbeAnswer, ProviderEndpoints,
    fill_version,
};

use super::http::{Captured, Failure, OAuthAdapter, ProviderHttp, RawAnswer};
use super::plan::VerifyTarget;
use super::reply::{self, ProviderError};
use super::report::{CheckCode, CheckStatus, Verdict};

/// The authorization code sent by the `bogus_code` probe; no provider ever issues it.
pub(crate) const BOGUS_CODE: &str = "socialmine-setup-verify-not-a-real-code";

/// What a provider answered to one probe.
enum Reply {
    Token(Secret),
    Error { error: ProviderError, status: u16 },
    Unreadable { words: String, status: u16 },
}

/// Runs the probes of `target` in order. Returns the verdict and, when an app token was
/// issued, the token.
pub(crate) async fn probe(
    target: &VerifyTarget,
    http: Result<&ProviderHttp, &Failure>,
) -> (Verdict, Option<Secret>) {
    let name = &target.display_name;
    let Some(endpoints) = &target.endpoints else {
        return (
            Verdict::new(
                CheckStatus::Skipped,
                CheckCode::NotConfigured,
                format!("The catalog does not say how to check {name}'s credentials."),
            )
            .fix("Update the app or its catalog file."),
            None,
        );
    };
    let Some(client_id) = &target.client_id else {
        return (
            Verdict::new(
                CheckStatus::Skipped,
                CheckCode::NotConfigured,
                format!("Not checked: the {} is empty.", target.id_words),
            )
            .fix(format!(
                "Fill in the {}. {}",
                target.id_words, target.id_help
            )),
            None,
        );
    };
    let Some(secret) = &target.client_secret else {
        return (
            Verdict::new(
                CheckStatus::Skipped,
                CheckCode::NotConfigured,
                format!(
                    "Not checked: no {} is at hand (it is neither in the file nor kept in this computer's keyring).",
                    target.secret_words
                ),
            )
            .fix(format!(
                "Enter the {}. {}",
                target.secret_words, target.secret_help
            )),
            None,
        );
    };
    let http = match http {
        Ok(h) => h,
        Err(f) => return (reply::failure_verdict(name, f), None),
    };

    let scrub_list = target.secrets_to_scrub();
    let mut unexplained: Vec<String> = Vec::new();
    let mut last_status = 0u16;
    let mut last_unreadable = false;
    for probe in &endpoints.credential_probes {
        let answer = match send(target, endpoints, *probe, client_id, secret, http).await {
            Ok(a) => a,
            Err(f) => return (reply::failure_verdict(name, &f), None),
        };
        match answer {
            Reply::Token(token) => {
                return match probe {
                    CredentialProbe::AppToken => (valid(target, None), Some(token)),
                    CredentialProbe::BogusCode => (
                        Verdict::new(
                            CheckStatus::Inconclusive,
                            CheckCode::UnexpectedAnswer,
                            format!(
                                "{name} issued a token for a made-up authorization code, which it should never do; the result cannot be trusted."
                            ),
                        )
                        .fix("Check that this computer really talks to the provider (no proxy answering in its place), then verify again."),
                        None,
                    ),
                };
            }
            Reply::Error { error, status } => {
                last_status = status;
                last_unreadable = false;
                match endpoints.answer(*probe, &error.error, &error.description) {
                    Some(known) => {
                        return (explained(target, known, &error, &scrub_list), None);
                    }
                    None => {
                        unexplained.push(format!("“{}” (HTTP {status})", error.quoted(&scrub_list)))
                    }
                }
            }
            Reply::Unreadable { words, status } => {
                last_status = status;
                last_unreadable = true;
                unexplained.push(words);
            }
        }
    }
    let answered = unexplained.join(", then ");
    let verdict = if last_unreadable && last_status < 500 {
        Verdict::new(
            CheckStatus::Inconclusive,
            CheckCode::UnexpectedAnswer,
            format!(
                "{name} answered with {answered}, which does not say whether the {} and {} are right.",
                target.id_words, target.secret_words
            ),
        )
    } else {
        Verdict::new(
            CheckStatus::Inconclusive,
            CheckCode::ProviderError,
            format!(
                "{name} answered {answered}. What this answer means is not known, so it does not say whether the {} and {} are right.",
                target.id_words, target.secret_words
            ),
        )
    };
    (
        verdict.fix(format!(
            "Verify again later. If it keeps happening, sign in to {name}'s developer console and check that the app is active and that the values were copied from it."
        )),
        None,
    )
}

fn valid(target: &VerifyTarget, known: Option<&ProbeAnswer>) -> Verdict {
    let name = &target.display_name;
    let how = match known.map(|k| k.probe) {
        Some(CredentialProbe::BogusCode) => {
            " (it refused only the made-up authorization code sent to test them, as expected)"
        }
        _ => "",
    };
    let sure = if known.is_some_and(|k| k.unconfirmed) {
        format!(
            " {name} does not document this answer officially, so this is very likely but not certain."
        )
    } else {
        String::new()
    };
    Verdict::new(
        CheckStatus::Verified,
        CheckCode::CredentialsValid,
        format!(
            "{name} accepted the {} and {}: they belong together{how}.{sure}",
            target.id_words, target.secret_words
        ),
    )
}

fn explained(
    target: &VerifyTarget,
    known: &ProbeAnswer,
    error: &ProviderError,
    scrub_list: &[&str],
) -> Verdict {
    let name = &target.display_name;
    let said = format!("{name} answered “{}”.", error.quoted(scrub_list));
    let unsure = if known.unconfirmed {
        format!(
            " (What this answer means is not officially documented by {name}; it is the usual meaning.)"
        )
    } else {
        String::new()
    };
    let hint = if known.hint.is_empty() {
        String::new()
    } else {
        format!(" {}", known.hint)
    };
    let (code, message, fix) = match known.means {
        AnswerMeaning::CredentialsValid => return valid(target, Some(known)),
        AnswerMeaning::BadClientId => (
            CheckCode::BadClientId,
            format!(
                "{name} does not know this {}. {said}{unsure}",
                target.id_words
            ),
            format!(
                "Copy the {} again from {name}'s developer console and paste it without spaces. {}{hint}",
                target.id_words, target.id_help
            ),
        ),
        AnswerMeaning::BadClientSecret => (
            CheckCode::BadClientSecret,
            format!(
                "{name} knows the {} but the {} does not match it. {said}{unsure}",
                target.id_words, target.secret_words
            ),
            format!(
                "Copy the {} again (if it was reset, use the new one). {}{hint}",
                target.secret_words, target.secret_help
            ),
        ),
        AnswerMeaning::BadClient => (
            CheckCode::BadClient,
            format!(
                "{name} did not accept the {} and {} together; it does not say which of the two is wrong. {said}{unsure}",
                target.id_words, target.secret_words
            ),
            format!(
                "Copy both values again from the same app in {name}'s developer console. {} {}{hint}",
                target.id_help, target.secret_help
            ),
        ),
    };
    Verdict::new(CheckStatus::Rejected, code, message).fix(fix)
}

/// Sends one probe through `oauth2` and reads the answer.
async fn send(
    target: &VerifyTarget,
    endpoints: &ProviderEndpoints,
    probe: CredentialProbe,
    client_id: &str,
    secret: &Secret,
    http: &ProviderHttp,
) -> Result<Reply, Failure> {
    let token_url = fill_version(&endpoints.token_url, target.app_version.as_deref());
    let token_url = TokenUrl::new(token_url.clone())
        .map_err(|_| Failure::NotAllowed(super::hosts::RouteError::Invalid { url: token_url }))?;
    let auth = match endpoints.client_auth {
        ClientAuth::Basic => AuthType::BasicAuth,
        ClientAuth::RequestBody => AuthType::RequestBody,
    };
    let client = BasicClient::new(ClientId::new(client_id.to_owned()))
        .set_client_secret(ClientSecret::new(secret.expose_str().to_owned()))
        .set_token_uri(token_url)
        .set_auth_type(auth);
    let captured = Captured::default();
    let adapter = OAuthAdapter {
        http: http.clone(),
        client_id_param: endpoints.client_id_param.clone(),
        captured: captured.clone(),
    };
    let result = match probe {
        CredentialProbe::AppToken => {
            client
                .exchange_client_credentials()
                .request_async(&adapter)
                .await
        }
        CredentialProbe::BogusCode => {
            let redirect = target
                .callback
                .as_deref()
                .and_then(|c| RedirectUrl::new(c.to_owned()).ok());
            let mut request = client.exchange_code(AuthorizationCode::new(BOGUS_CODE.to_owned()));
            if let Some(r) = redirect {
                request = request.set_redirect_uri(Cow::Owned(r));
            }
            if endpoints.pkce == PkceRule::Required {
                let (_challenge, verifier) = PkceCodeChallenge::new_random_sha256();
                request = request.set_pkce_verifier(verifier);
            }
            request.request_async(&adapter).await
        }
    };
    let raw = captured.lock().ok().and_then(|mut slot| slot.take());
    read(result, raw)
}

type TokenResult = Result<BasicTokenResponse, RequestTokenError<Failure, BasicErrorResponse>>;

/// What `oauth2` made of the answer, completed from the raw answer where the provider departs
/// from RFC 6749.
fn read(result: TokenResult, raw: Option<Result<RawAnswer, Failure>>) -> Result<Reply, Failure> {
    let status = match &raw {
        Some(Ok(r)) => r.status,
        _ => 0,
    };
    match result {
        Ok(token) => {
            // TikTok answers errors with HTTP 200: a token response with an error in it is
            // an error.
            if let Some(Ok(r)) = &raw
                && let Some(error) = reply::provider_error(&r.body)
            {
                return Ok(Reply::Error { error, status });
            }
            Ok(Reply::Token(Secret::from(
                token.access_token().secret().clone(),
            )))
        }
        Err(RequestTokenError::Request(f)) => Err(f),
        Err(RequestTokenError::ServerResponse(e)) => Ok(Reply::Error {
            error: ProviderError {
                error: e.error().as_ref().to_owned(),
                description: e.error_description().cloned().unwrap_or_default(),
            },
            status,
        }),
        Err(RequestTokenError::Parse(..) | RequestTokenError::Other(_)) => match raw {
            Some(Ok(r)) => {
                if let Some(error) = reply::provider_error(&r.body) {
                    Ok(Reply::Error { error, status })
                } else if (200..300).contains(&r.status)
                    && let Some(t) = reply::access_token(&r.body)
                {
                    Ok(Reply::Token(Secret::from(t)))
                } else {
                    Ok(Reply::Unreadable {
                        words: reply::describe(&r),
                        status,
                    })
                }
            }
            Some(Err(f)) => Err(f),
            None => Err(Failure::Network("the request could not be prepared".into())),
        },
    }
}
