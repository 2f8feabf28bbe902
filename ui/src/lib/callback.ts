/**
 * The callback URL SocialMine derives for a platform:
 * `{API_PUBLIC_URL}/api/connect/{segment}/callback`, with API_PUBLIC_URL's trailing slashes
 * dropped as SocialMine's guide says. Used for display only; the checks live in Rust.
 */
export function callbackUrl(apiPublicUrl: string, segment: string): string {
  return `${apiPublicUrl.trim().replace(/\/+$/, '')}/api/connect/${segment}/callback`;
}
