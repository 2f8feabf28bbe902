// An in-memory stand-in for the Rust backend, for component tests. It keeps a draft, answers
// every call the UI makes, and produces a few real-looking findings (whitespace with a trim
// fix, a missing client ID) so that the UI's handling of findings and fixes is exercised.
import type {
  AppError,
  Attention,
  Backend,
  ChecklistItem,
  ChecklistView,
  ItemKey,
  DeploymentRow,
  DeploymentsView,
  Catalog,
  CatalogView,
  DraftView,
  ErrorCode,
  Field,
  Finding,
  FixAction,
  PlatformFacts,
  PlatformId,
  PlatformProgress,
  SecretStorageStatus,
  SetAsideFile,
  CheckResult,
  VerificationsView,
  Tick,
  UpdateCheck,
} from '../lib/backend';

/** The error a real command rejects with; the code is one the backend has. */
function appError(code: ErrorCode, message: string): AppError {
  return { code, message };
}

/** A stored deployment as the fake keeps it. */
export interface FakeDeployment {
  id: string;
  name: string;
  api_public_url: string;
  last_pushed_at?: string | null;
  cells?: DeploymentRow['cells'];
}

export const BUNDLE_PASSPHRASE = 'correct horse battery';

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
      { name: 'scope.a', status: 'current', access: 'standard', required: true, purpose: 'Read the profile.', access_note: '', replacement: '', recommended: false, source: 'test' },
      { name: 'scope.b', status: 'current', access: 'app_review', required: true, purpose: 'Post.', access_note: 'Request it in App Review.', replacement: '', recommended: false, source: 'test' },
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
      checked: '2026-11-28',
    })),
  };
}

export const catalog: Catalog = {
  schema: 1,
  checked: '2026-11-28',
  sources: [{ id: 'test', title: 'Meta for Developers: Facebook Login', url: 'https://developers.facebook.com/docs/facebook-login/', checked: '2026-11-28' }],
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
    revision: 0,
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
  /** The date the fake's staleness notice is computed for (injected by tests). */
  today = '2026-12-01';
  /** The developer setting's unofficial catalog file, if any. */
  unofficialFile: string | null = null;
  autoCheck = true;
  /** The `checked` date of the catalog in use (moves when an update is installed). */
  checked = catalog.checked;
  /** What "Check for updates" does: install newer facts, find none, or fail offline. */
  updateResult: 'updated' | 'newest' | 'offline' = 'newest';
  /** What the app's update server answers (`check_for_update`). */
  appUpdate: UpdateCheck = { kind: 'up_to_date', current: '0.1.0' };
  /** Why `install_update` fails, if it does. */
  installFails: string | null = null;
  /** What resumeSignIn answers: a kept token that still works, or none. */
  resumed: { server: string; email: string | null; expires_at: string | null; summary: string } | null = null;
  /** The stored deployments; `sandbox` is the practice one. */
  stored: FakeDeployment[] = [
    { id: 'sandbox', name: 'Sandbox (practice server)', api_public_url: 'https://api.example.com' },
  ];
  secretMode: SecretStorageStatus['mode'] = 'keyring';
  /** Whether Retry finds a keyring. */
  keyringComesBack = false;
  attention: Attention[] = [];
  setAside: SetAsideFile[] = [];
  /** What verifying answers per platform (default: every check verified). */
  verifyAnswers: Partial<Record<PlatformId, CheckResult[]>> = {};
  /** The kept verifications and consent links. */
  verification: VerificationsView = { platforms: {}, links: {}, keep_error: null };
  /** Holds each verify call until released (to look at the progress). */
  holdVerify: Promise<void> | null = null;
  private nextId = 1;

  private storage(): SecretStorageStatus {
    const message =
      this.secretMode === 'unavailable'
        ? 'No system keyring is available (no Secret Service on the session bus).'
        : this.secretMode === 'session_only'
          ? 'Secrets are kept in memory for this session only.'
          : 'Secrets are kept in the system keyring.';
    return { mode: this.secretMode, namespace: 'socialmine-setup-test', message };
  }

  private deploymentsView(): DeploymentsView {
    const rows: DeploymentRow[] = [...this.stored]
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()))
      .map((d) => ({
        id: d.id,
        name: d.name,
        api_public_url: d.api_public_url,
        admin_url: d.id === 'sandbox' ? 'http://127.0.0.1:4000' : d.api_public_url,
        draft_saved_at: null,
        last_pushed_at: d.last_pushed_at ?? null,
        platforms: [],
        is_sandbox: d.id === 'sandbox',
        is_current: d.id === this.draft.deployment_id,
        cells:
          d.cells ??
          catalog.platforms.map((p) => ({ platform: p.id, label: 'Not set up', tone: 'muted' as const })),
      }));
    return {
      deployments: rows,
      set_aside: structuredClone(this.setAside),
      attention: structuredClone(this.attention),
      current_id: this.draft.deployment_id,
      data_folder: '/home/u/.local/share/socialmine-setup-test/deployments',
      secret_storage: this.storage(),
      min_passphrase_chars: 10,
      today: '2026-11-28',
    };
  }

  private find(id: string): FakeDeployment {
    const d = this.stored.find((x) => x.id === id);
    if (!d) throw appError('deployment_not_found', `There is no deployment \`${id}\` (any more).`);
    return d;
  }

  private nameFree(name: string, except?: string) {
    if (!name.trim()) throw appError('deployment_name_missing', 'Give the deployment a name.');
    if (this.stored.some((d) => d.id !== except && d.name.toLowerCase() === name.trim().toLowerCase()))
      throw appError('deployment_name_taken', `There is already a deployment named "${name.trim()}".`);
  }

  private add(name: string, url: string): string {
    const id = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${this.nextId++}`;
    this.stored.push({ id, name: name.trim(), api_public_url: url });
    return id;
  }

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

  /** The text of the last checklist export (one line per item: tick, title, note). */
  exported = '';

  private checklistView(platforms: PlatformId[]): ChecklistView {
    const state = this.draft.deployment.checklist ?? {};
    return {
      deployment_name: this.draft.deployment.name ?? null,
      api_public_url: this.draft.deployment.api_public_url,
      date: '2026-11-28',
      catalog_checked: catalog.checked,
      platforms: catalog.platforms
        .filter((p) => platforms.length === 0 || platforms.includes(p.id))
        .map((p) => {
          const none = { app_review: false, advanced_access: false, business_verification: false, product: false, audit: false, paid_tier: false };
          const source = { title: 'Test source', url: 'https://example.com/docs', checked: '2026-11-28' };
          const items: ChecklistItem[] = [
            ...p.steps.map((s, i) => ({
              key: { kind: 'step' as const, id: s.title },
              kind: 'step' as const,
              number: i + 1,
              title: s.title,
              purpose: s.why,
              detail: s.action,
              console_setting: s.link_label,
              console_link: s.link,
              needs: none,
              required: false,
              unknown: false,
              source,
              tick: state[p.id]?.steps?.[s.title] ?? { ticked: false },
            })),
            ...p.scopes.map((sc) => ({
              key: { kind: 'scope' as const, id: sc.name },
              kind: 'scope' as const,
              number: 0,
              title: sc.name,
              purpose: sc.purpose,
              detail: sc.access_note,
              console_setting: 'App Review → Permissions',
              console_link: null,
              needs: { ...none, app_review: sc.access === 'app_review' },
              required: sc.required,
              unknown: false,
              source,
              tick: state[p.id]?.scopes?.[sc.name] ?? { ticked: false },
            })),
          ];
          return {
            platform: p.id,
            display_name: p.display_name,
            callback_url: `${this.draft.deployment.api_public_url}/api/connect/${p.id}/callback`,
            callback_is_pattern: false,
            custom_scopes: false,
            items,
            ticked: items.filter((i) => i.tick.ticked).length,
            total: items.length,
          };
        }),
    };
  }

  private renderChecklist(platforms: PlatformId[]): string {
    return this.checklistView(platforms)
      .platforms.flatMap((p) => p.items.map((i) => `${p.platform} [${i.tick.ticked ? 'x' : ' '}] ${i.title}${i.tick.note ? ` — ${i.tick.note}` : ''}`))
      .join('\n');
  }

  private snapshot(): DraftView {
    this.recheck();
    this.draft.revision += 1;
    return structuredClone(this.draft);
  }

  /** The status the backend's CatalogInUse::status would give for `today`. */
  catalogView(): CatalogView {
    const days = Math.round((Date.parse(this.today) - Date.parse(this.checked)) / 86_400_000);
    const unofficial = this.unofficialFile;
    return {
      status: {
        origin: unofficial ? 'unofficial' : 'built_in',
        checked: this.checked,
        from: unofficial ? `unofficial provider facts: a file without the project's signature (${unofficial})` : 'built into this version of the app',
        unofficial_banner: unofficial
          ? `Unofficial provider facts: the checks and console steps come from ${unofficial}, a file without the SocialMine Setup project's signature. They may be wrong.`
          : null,
        stale:
          days > 45
            ? {
                code: 'catalog_stale',
                checked: this.checked,
                days_old: BigInt(days),
                message: `The provider facts were checked on ${this.checked}, ${days} days ago; consoles may have changed since.`,
                fix: 'Check for updates to get the newest facts.',
              }
            : null,
        notes: [],
      },
      auto_check: this.autoCheck,
      can_update: true,
    };
  }

  api: Backend = {
    getCatalog: async () => ({ ...structuredClone(catalog), checked: this.checked }),
    catalogStatus: async () => this.catalogView(),
    checkCatalogUpdate: async () => {
      this.calls.push('check catalog update');
      if (this.updateResult === 'offline')
        throw appError('download_failed', 'The provider facts could not be updated: the server could not be reached. The facts in use are unchanged; try again later.');
      if (this.updateResult === 'updated') {
        this.checked = this.today;
        return { updated: true, summary: [`Provider facts checked on ${this.today} are now in use.`, 'Graph API versions added: v27.0'], view: this.catalogView() };
      }
      return { updated: false, summary: [`You have the newest provider facts (checked on ${this.checked}).`], view: this.catalogView() };
    },
    backgroundCatalogCheck: async () => {
      this.calls.push('background catalog check');
      return null;
    },
    setCatalogAutoCheck: async (on: boolean) => {
      this.calls.push(`auto check ${on}`);
      this.autoCheck = on;
      return this.catalogView();
    },
    getDraft: async () => this.snapshot(),
    saveDraft: async () => {
      this.calls.push('save');
      return structuredClone(this.draft.save);
    },
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
      if (!m) throw appError('env_import_failed', 'The file has no API_PUBLIC_URL line.');
      this.draft.deployment.api_public_url = m[1]!;
      return this.snapshot();
    },
    troubleshoot: async (text: string) =>
      catalog.troubleshooting.filter((t) => t.patterns.some((p) => text.toLowerCase().includes(p))),
    signIn: async () => ({ server: 'http://127.0.0.1:4000', email: 'admin@sandbox.test', expires_at: null, summary: 'Signed in.' }),
    resumeSignIn: async () => this.resumed,
    signInWithToken: async () => ({ server: 'http://127.0.0.1:4000', email: null, expires_at: null, summary: 'Signed in.' }),
    planPush: async () => ({ planned: [], server_findings: [] }),
    push: async () => ({ outcomes: [], stopped: null, needs_sign_in: false }),
    pasteSheet: async () => {
      throw appError('internal', 'not used in these tests');
    },
    copySecret: async (platform) => {
      this.calls.push(`copy secret ${platform}`);
      if (!this.draft.secrets.includes(platform))
        throw appError('no_secret', 'No client secret is stored for this platform. Enter it in the platform\'s wizard first.');
      return { cleared_after_seconds: 30 };
    },
    removeSecret: async (platform) => {
      this.calls.push(`remove secret ${platform}`);
      if (!this.draft.secrets.includes(platform))
        throw appError('no_secret', 'No client secret is stored for this platform. Enter it in the platform\'s wizard first.');
      this.draft.secrets = this.draft.secrets.filter((p) => p !== platform);
      return this.snapshot();
    },
    listDeployments: async () => this.deploymentsView(),
    createDeployment: async (name, apiPublicUrl, envText) => {
      this.calls.push(`create ${name}`);
      let url = apiPublicUrl.trim();
      if (envText !== null) {
        const m = /^API_PUBLIC_URL=(.*)$/m.exec(envText);
        if (!m) throw appError('env_import_failed', 'The file has no API_PUBLIC_URL line.');
        url = m[1]!;
      }
      this.nameFree(name);
      if (!url) throw appError('api_public_url_missing', "Enter the deployment's API_PUBLIC_URL.");
      return this.add(name, url);
    },
    renameDeployment: async (id, name) => {
      if (id === 'sandbox') throw appError('sandbox_protected', 'The practice deployment cannot be renamed.');
      this.nameFree(name, id);
      this.find(id).name = name.trim();
      if (this.draft.deployment_id === id) this.draft.deployment.name = name.trim();
      return this.deploymentsView();
    },
    duplicateDeployment: async (id) => {
      const d = this.find(id);
      return this.add(`${d.name} (copy)`, d.api_public_url);
    },
    deleteDeployment: async (id) => {
      this.calls.push(`delete ${id}`);
      if (id === 'sandbox') throw appError('sandbox_protected', 'The practice deployment cannot be deleted.');
      this.find(id);
      if (this.draft.deployment_id === id) await this.api.switchDeployment('sandbox');
      this.stored = this.stored.filter((d) => d.id !== id);
      return this.deploymentsView();
    },
    switchDeployment: async (id) => {
      this.calls.push(`switch ${id}`);
      const d = this.find(id);
      const isSandbox = id === 'sandbox';
      this.draft = {
        ...this.draft,
        deployment_id: id,
        deployment: { name: d.name, api_public_url: d.api_public_url, platforms: {} },
        secrets: [],
        progress: {},
        statuses: {},
        is_sandbox: isSandbox,
        sandbox: isSandbox ? { admin_url: 'http://127.0.0.1:4000', admin_email: 'admin@sandbox.test', admin_password: 'pw' } : null,
      };
      return this.snapshot();
    },
    secretStorage: async () => this.storage(),
    retryKeyring: async () => {
      this.calls.push('retry keyring');
      if (!this.keyringComesBack)
        throw appError('keyring_unavailable', 'No system keyring is available (still no Secret Service). Start it, then retry.');
      this.secretMode = 'keyring';
      return this.storage();
    },
    useSessionOnlySecrets: async () => {
      this.calls.push('session only');
      if (this.secretMode === 'unavailable') this.secretMode = 'session_only';
      return this.storage();
    },
    exportDeployment: async (format, passphrase, passphraseAgain, includeAdminSignIn = false) => {
      this.calls.push(`export ${format}${includeAdminSignIn ? ' with admin sign-in' : ''}`);
      if (format === 'bundle') {
        if (!passphrase || passphrase.trim().length < 10)
          throw appError('bundle_weak_passphrase', 'The passphrase is too short: use at least 10 characters.');
        if (passphrase !== passphraseAgain)
          throw appError('passphrases_differ', 'The two passphrases are not the same.');
      }
      const ext = format === 'bundle' ? 'smbundle' : 'toml';
      return {
        format,
        path: `/home/u/Downloads/${this.draft.deployment_id}-2026-11-28.${ext}`,
        summary: format === 'bundle' ? 'The deployment with its secrets, encrypted.' : 'The deployment file, without secrets.',
      };
    },
    importDeployment: async (bytes, passphrase, onClash) => {
      const text = new TextDecoder().decode(bytes);
      const bundle = text.includes('socialmine-bundle-format');
      if (text.includes('socialmine-bundle-format = 9'))
        throw appError('bundle_newer_version', 'This bundle was made by a newer version of SocialMine Setup. Update SocialMine Setup, then import it again.');
      if (bundle && !passphrase)
        throw appError('bundle_passphrase_needed', 'This bundle is encrypted: enter the passphrase it was exported with.');
      if (bundle && passphrase !== BUNDLE_PASSPHRASE)
        throw appError('bundle_wrong_passphrase', 'The passphrase does not open this bundle. Check it (it is case-sensitive) and try again.');
      const name = /^name = "(.*)"$/m.exec(text)?.[1];
      if (!name) throw appError('import_not_recognized', 'This file is neither a deployment file nor a bundle.');
      const kind = bundle ? ('bundle' as const) : ('deployment_file' as const);
      const existing = this.stored.find((d) => d.name === name);
      this.calls.push(`import ${name} ${onClash.kind}`);
      if (existing && onClash.kind === 'ask') return { outcome: 'clash', name, existing_id: existing.id, kind };
      if (existing && onClash.kind === 'replace')
        return { outcome: 'imported', id: existing.id, name, kind, secrets_imported: bundle ? 1 : 0, replaced: true };
      const finalName = existing && onClash.kind === 'rename' ? onClash.new_name : name;
      this.nameFree(finalName);
      const id = this.add(finalName, 'https://api.imported.test');
      return { outcome: 'imported', id, name: finalName, kind, secrets_imported: bundle ? 1 : 0, replaced: false };
    },
    verifications: async () => structuredClone(this.verification),
    verify: async (platforms, onProgress = () => {}) => {
      this.calls.push(`verify ${platforms.join(',') || 'all'}`);
      const chosen = platforms.length > 0 ? platforms : (Object.keys(this.draft.deployment.platforms ?? {}) as PlatformId[]);
      if (chosen.length === 0) throw appError('nothing_to_verify', 'No platform is set up in this deployment yet.');
      const fresh: VerificationsView = { platforms: {}, links: {}, keep_error: null };
      for (const p of chosen) {
        const checks: CheckResult[] = this.verifyAnswers[p] ?? [
          { check: 'credentials', status: 'verified', code: 'credentials_valid', message: 'The provider accepted the client ID and secret.', fix: null, elapsed_ms: 120 },
          { check: 'callback', status: 'verified', code: 'reachable', message: 'SocialMine answered at the callback URL.', fix: null, elapsed_ms: 80 },
        ];
        onProgress({ platform: p, result: checks[0]! });
        if (this.holdVerify) await this.holdVerify;
        for (const c of checks.slice(1)) onProgress({ platform: p, result: c });
        const outcome = checks.some((c) => c.status === 'rejected')
          ? ('failed' as const)
          : checks.some((c) => c.status === 'inconclusive')
            ? ('warnings' as const)
            : ('passed' as const);
        fresh.platforms[p] = { at: '2026-12-02T13:55:00Z', outcome, summary: checks[0]!.message, checks };
        fresh.links[p] = {
          platform: p,
          url: `https://www.facebook.com/v23.0/dialog/oauth?client_id=123&platform=${p}`,
          callback: `https://api.example.com/api/connect/${p}/callback`,
          scope: 'scope.a scope.b',
          pkce: false,
          explanation: "If you land on SocialMine's page afterwards, even with an error about the state, the provider accepted the app, the callback and the scopes.",
        };
      }
      this.verification = {
        platforms: { ...this.verification.platforms, ...fresh.platforms },
        links: { ...this.verification.links, ...fresh.links },
        keep_error: null,
      };
      return structuredClone(fresh);
    },
    getChecklist: async (platforms: PlatformId[]) => this.checklistView(platforms),
    setChecklistItem: async (platform: PlatformId, item: ItemKey, ticked: boolean, note: string | null) => {
      this.calls.push(`tick ${platform} ${item.kind}:${item.id} ${ticked}${note ? ` "${note}"` : ''}`);
      const known =
        item.kind === 'step'
          ? catalog.platforms.find((p) => p.id === platform)?.steps.some((s) => s.title === item.id)
          : catalog.platforms.find((p) => p.id === platform)?.scopes.some((s) => s.name === item.id);
      if (!known) throw appError('checklist_item_unknown', `${item.id} is not on the checklist.`);
      const state = (this.draft.deployment.checklist ??= {});
      const p = (state[platform] ??= {});
      const map = item.kind === 'step' ? (p.steps ??= {}) : (p.scopes ??= {});
      const trimmed = note?.trim() ?? '';
      if (!ticked && !trimmed) delete map[item.id];
      else map[item.id] = { ticked, ...(trimmed ? { note: trimmed } : {}), at: '2026-11-28' } satisfies Tick;
      return this.snapshot();
    },
    exportChecklist: async (platforms, format) => {
      this.calls.push(`export checklist ${platforms.join(',') || 'all'} ${format}`);
      this.exported = this.renderChecklist(platforms);
      return {
        format,
        path: `/home/u/Downloads/checklist-sandbox${platforms.length === 1 ? `-${platforms[0]}` : ''}-2026-11-28.${format}`,
        summary: 'The checklist, with each tick and note.',
      };
    },
    exportHandover: async (id, format) => {
      this.calls.push(`export handover ${id ?? 'open'} ${format}`);
      return { format, path: `/home/u/Downloads/handover-${id ?? 'sandbox'}-2026-11-28.${format}`, summary: 'The handover report.' };
    },
    checkForUpdate: async () => {
      this.calls.push('check for update');
      return this.appUpdate;
    },
    installUpdate: async (version: string) => {
      this.calls.push(`install update ${version}`);
      if (this.installFails) throw { code: 'update_not_installed', message: this.installFails };
      return null;
    },
    openExternal: async (url: string) => {
      this.calls.push(`open ${url}`);
    },
  };
}
