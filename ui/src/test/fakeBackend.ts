// An in-memory stand-in for the Rust backend, for component tests. It keeps a draft, answers
// every call the UI makes, and produces a few real-looking findings (whitespace with a trim
// fix, a missing client ID) so that the UI's handling of findings and fixes is exercised.
import type {
  Backend,
  Catalog,
  DraftView,
  Field,
  Finding,
  FixAction,
  PlatformFacts,
  PlatformId,
  PlatformProgress,
} from '../lib/backend';

export function platform(id: PlatformId, display_name: string, steps = 2): PlatformFacts {
  return {
    id,
    display_name,
    callback_segment: id,
    default_scopes: ['scope.a', 'scope.b'],
    source: 'test',
    checked: '2026-11-28',
    scope_separator: 'space',
    scope_separator_source: 'test',
    app_version: id === 'facebook',
    redirect_rule: 'exact match',
    redirect_rule_source: 'test',
    form_fields: [
      { field: 'client_id', label: 'Client ID', console_name: 'App ID', api_name: 'clientId', optional: false, help: 'Settings → Basic.' },
      { field: 'client_secret', label: 'Client Secret', console_name: 'App Secret', api_name: 'clientSecret', optional: false, help: 'Click Show.' },
    ],
    credentials: [],
    scopes: [
      { name: 'scope.a', status: 'current', access: 'standard', required: true, purpose: 'Read the profile.', access_note: '', replacement: '', source: 'test' },
      { name: 'scope.b', status: 'current', access: 'app_review', required: true, purpose: 'Post.', access_note: 'Request it in App Review.', replacement: '', source: 'test' },
    ],
    links: [],
    steps: Array.from({ length: steps }, (_, i) => ({
      title: i === 0 ? 'Register the callback' : 'Copy the credentials',
      action: i === 0 ? 'Add the callback URL to the console.' : 'Copy the ID and the secret.',
      link: 'https://developers.facebook.com/apps/',
      link_label: 'Open My Apps',
      why: 'Because the provider checks it.',
      yields: i === 0 ? ['console_redirect_url'] : ['client_id', 'client_secret'],
      registers_callback: i === 0,
      common_issues: ['URL blocked: the callback is not registered.'],
      source: 'test',
    })) as PlatformFacts['steps'],
  };
}

export const catalog: Catalog = {
  schema: 1,
  checked: '2026-11-28',
  sources: [],
  graph_api_versions: [],
  troubleshooting: [
    {
      id: 'url_blocked',
      title: 'URL blocked',
      patterns: ['url blocked'],
      codes: [],
      platforms: ['facebook'],
      cause: 'The callback is not registered.',
      fix: 'Add it under Valid OAuth Redirect URIs.',
      source: 'test',
    },
  ],
  platforms: [platform('facebook', 'Facebook'), platform('twitter', 'X (Twitter)')],
};

export class FakeBackend {
  draft: DraftView = {
    deployment_id: 'sandbox',
    deployment: { name: 'Sandbox (practice server)', api_public_url: 'https://api.example.com', platforms: {} },
    secrets: [],
    progress: {},
    statuses: {},
    report: { deployment: { findings: [] }, platforms: {} },
    is_sandbox: true,
    sandbox: { admin_url: 'http://127.0.0.1:4000', admin_email: 'admin@sandbox.test', admin_password: 'pw' },
    save: { saved: true, error: null },
  };
  calls: string[] = [];

  private recheck() {
    const findings = (platform: PlatformId | null, field: Field, value: string): Finding[] =>
      value !== value.trim()
        ? [
            {
              field,
              severity: 'warning',
              code: 'whitespace',
              message: 'The value has spaces or a line break around it.',
              fix: 'Remove them.',
              action: { kind: 'trim' },
            },
          ]
        : [];
    const d = this.draft;
    d.report = {
      deployment: { findings: findings(null, 'api_public_url', d.deployment.api_public_url) },
      platforms: {},
    };
    for (const p of catalog.platforms) {
      const cfg = d.deployment.platforms?.[p.id];
      d.report.platforms[p.id] = {
        callback_url: `${d.deployment.api_public_url.trim()}/api/connect/${p.id}/callback`,
        findings: cfg ? findings(p.id, 'client_id', cfg.client_id ?? '') : [],
      };
      const started = !!cfg || !!d.progress[p.id];
      d.statuses[p.id] = started
        ? { kind: 'in_progress', summary: `In progress: step ${(d.progress[p.id]?.step ?? 0) + 1} of 4` }
        : { kind: 'not_started', summary: 'Not started' };
    }
  }

  private snapshot(): DraftView {
    this.recheck();
    return structuredClone(this.draft);
  }

  api: Backend = {
    getCatalog: async () => structuredClone(catalog),
    getDraft: async () => this.snapshot(),
    setField: async (platform, field, value) => {
      this.calls.push(`set ${platform ?? 'deployment'}.${field}`);
      if (platform === null) {
        if (field === 'api_public_url') this.draft.deployment.api_public_url = value;
      } else if (field === 'client_secret') {
        if (!this.draft.secrets.includes(platform)) this.draft.secrets.push(platform);
      } else {
        const platforms = (this.draft.deployment.platforms ??= {});
        const cfg = (platforms[platform] ??= {});
        (cfg as Record<string, string>)[field] = value;
      }
      return this.snapshot();
    },
    applyFix: async (platform, field, action: FixAction) => {
      this.calls.push(`fix ${platform ?? 'deployment'}.${field} ${action.kind}`);
      if (platform === null) this.draft.deployment.api_public_url = this.draft.deployment.api_public_url.trim();
      else {
        const cfg = this.draft.deployment.platforms?.[platform] ?? {};
        cfg.client_id = (cfg.client_id ?? '').trim();
      }
      return this.snapshot();
    },
    setProgress: async (platform: PlatformId, progress: PlatformProgress) => {
      this.draft.progress[platform] = progress;
      return this.snapshot();
    },
    importEnv: async (text: string) => {
      const m = /^API_PUBLIC_URL=(.*)$/m.exec(text);
      if (!m) throw { code: 'env_import_failed', message: 'The file has no API_PUBLIC_URL line.' };
      this.draft.deployment.api_public_url = m[1]!;
      return this.snapshot();
    },
    troubleshoot: async (text: string) =>
      catalog.troubleshooting.filter((t) => t.patterns.some((p) => text.toLowerCase().includes(p))),
    signIn: async () => ({ server: 'http://127.0.0.1:4000', email: 'admin@sandbox.test', expires_at: null, summary: 'Signed in.' }),
    signInWithToken: async () => ({ server: 'http://127.0.0.1:4000', email: null, expires_at: null, summary: 'Signed in.' }),
    planPush: async () => ({ planned: [], server_findings: [] }),
    push: async () => ({ outcomes: [], stopped: null, needs_sign_in: false }),
    pasteSheet: async () => {
      throw { code: 'unused', message: 'not used in these tests' };
    },
    revealSecretForCopy: async () => 'secret',
    openExternal: async (url: string) => {
      this.calls.push(`open ${url}`);
    },
  };
}
