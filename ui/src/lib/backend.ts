// The one module that talks to Tauri. Components import from here, never from @tauri-apps.
import { Channel, invoke, type InvokeArgs } from '@tauri-apps/api/core';
import type { AppError } from './bindings/AppError';
import type { CommandName, Commands } from './bindings/commands';
import type { Catalog } from './bindings/Catalog';
import type { DraftView } from './bindings/DraftView';
import type { Field } from './bindings/Field';
import type { FixAction } from './bindings/FixAction';
import type { PlatformId } from './bindings/PlatformId';
import type { PlatformProgress } from './bindings/PlatformProgress';
import type { TroubleshootEntry } from './bindings/TroubleshootEntry';
import type { PasteSheet } from './bindings/PasteSheet';
import type { PushPlan } from './bindings/PushPlan';
import type { PushOutcome } from './bindings/PushOutcome';
import type { PushReport } from './bindings/PushReport';
import type { PushSelection } from './bindings/PushSelection';
import type { SignedInView } from './bindings/SignedInView';
import type { DeploymentsView } from './bindings/DeploymentsView';
import type { ExportDone } from './bindings/ExportDone';
import type { ExportFormat } from './bindings/ExportFormat';
import type { ImportOutcome } from './bindings/ImportOutcome';
import type { OnClash } from './bindings/OnClash';
import type { SaveState } from './bindings/SaveState';
import type { SecretStorageStatus } from './bindings/SecretStorageStatus';
import type { VerifyProgress } from './bindings/VerifyProgress';
import type { ItemKey } from './bindings/ItemKey';
import type { ReportFormat } from './bindings/ReportFormat';

export type { AppError } from './bindings/AppError';
export type { ErrorCode } from './bindings/ErrorCode';
export type { Catalog } from './bindings/Catalog';
export type { CatalogCheck } from './bindings/CatalogCheck';
export type { CatalogView } from './bindings/CatalogView';
export type { CatalogStatus } from './bindings/CatalogStatus';
export type { ConsoleStep } from './bindings/ConsoleStep';
export type { DraftView } from './bindings/DraftView';
export type { Field } from './bindings/Field';
export type { Finding } from './bindings/Finding';
export type { FixAction } from './bindings/FixAction';
export type { PlatformFacts } from './bindings/PlatformFacts';
export type { PlatformId } from './bindings/PlatformId';
export type { PlatformProgress } from './bindings/PlatformProgress';
export type { CardStatus } from './bindings/CardStatus';
export type { RedirectMismatch } from './bindings/RedirectMismatch';
export type { ScopeFacts } from './bindings/ScopeFacts';
export type { Severity } from './bindings/Severity';
export type { TroubleshootEntry } from './bindings/TroubleshootEntry';
export type { PasteSheet } from './bindings/PasteSheet';
export type { PushPlan } from './bindings/PushPlan';
export type { PushOutcome } from './bindings/PushOutcome';
export type { PushReport } from './bindings/PushReport';
export type { PushSelection } from './bindings/PushSelection';
export type { SignedInView } from './bindings/SignedInView';
export type { Attention } from './bindings/Attention';
export type { CellTone } from './bindings/CellTone';
export type { DeploymentRow } from './bindings/DeploymentRow';
export type { DeploymentsView } from './bindings/DeploymentsView';
export type { ExportDone } from './bindings/ExportDone';
export type { ExportFormat } from './bindings/ExportFormat';
export type { FleetCell } from './bindings/FleetCell';
export type { ImportOutcome } from './bindings/ImportOutcome';
export type { OnClash } from './bindings/OnClash';
export type { SecretStorageStatus } from './bindings/SecretStorageStatus';
export type { SetAsideFile } from './bindings/SetAsideFile';
export type { AuthorizationUrl } from './bindings/AuthorizationUrl';
export type { CheckResult } from './bindings/CheckResult';
export type { Verification } from './bindings/Verification';
export type { VerificationsView } from './bindings/VerificationsView';
export type { VerifyProgress } from './bindings/VerifyProgress';
export type { ChecklistItem } from './bindings/ChecklistItem';
export type { ChecklistView } from './bindings/ChecklistView';
export type { ItemKey } from './bindings/ItemKey';
export type { Needs } from './bindings/Needs';
export type { PlatformChecklistView } from './bindings/PlatformChecklistView';
export type { ReportDone } from './bindings/ReportDone';
export type { ReportFormat } from './bindings/ReportFormat';
export type { Tick } from './bindings/Tick';
export type { UpdateCheck } from './bindings/UpdateCheck';

/** True when `e` is the `{ code, message }` error every command rejects with. */
export function isAppError(e: unknown): e is AppError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as AppError).code === 'string' &&
    typeof (e as AppError).message === 'string'
  );
}

/** Turns anything a call rejected with into an AppError. */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  return { code: 'unexpected', message: e instanceof Error ? e.message : String(e) };
}

/** Calls a command by name with the arguments and result type the Rust command has
 * (`bindings/commands.ts` is generated from the commands, so a mismatch fails `npm run check`). */
async function call<K extends CommandName>(
  command: K,
  args: Commands[K]['args'],
): Promise<Commands[K]['returns']> {
  try {
    return await invoke<Commands[K]['returns']>(command, args as InvokeArgs);
  } catch (e) {
    throw toAppError(e);
  }
}

export const backend = {
  getCatalog: () => call('get_catalog', {}),
  /** "Provider facts checked on DATE", the 45-day notice, the unofficial banner. */
  catalogStatus: () => call('catalog_status', {}),
  /** Downloads, verifies and installs newer provider facts (rejects with a plain error). */
  checkCatalogUpdate: () => call('check_catalog_update', {}),
  /** The daily background look; null when nothing was installed (or offline). */
  backgroundCatalogCheck: () => call('background_catalog_check', {}),
  setCatalogAutoCheck: (on: boolean) => call('set_catalog_auto_check', { on }),
  getDraft: () => call('get_draft', {}),
  /** Sets one field (of the deployment when `platform` is null); secrets go to the keyring. */
  setField: (platform: PlatformId | null, field: Field, value: string) =>
    call('set_field', { platform, field, value }),
  applyFix: (platform: PlatformId | null, field: Field, action: FixAction) =>
    call('apply_fix', { platform, field, action }),
  setProgress: (platform: PlatformId, progress: PlatformProgress) =>
    call('set_progress', { platform, progress }),
  /** Saves what is pending now (a field was left) instead of once typing pauses. */
  saveDraft: () => call('save_draft', {}),
  /** Reads API_PUBLIC_URL from the text of a SocialMine root .env file. */
  importEnv: (text: string) => call('import_env', { text }),
  troubleshoot: (text: string) => call('troubleshoot', { text }),
  /** Signs in to the deployment's admin API; the password is used once and never stored. */
  signIn: (email: string, password: string) => call('sign_in', { email, password }),
  signInWithToken: (token: string) => call('sign_in_with_token', { token }),
  /** Signs in with the token kept in the keyring from an earlier sign-in; null when none works. */
  resumeSignIn: () => call('resume_sign_in', {}),
  /** Compares the server with the draft (a dry run: sends nothing). */
  planPush: (selection: PushSelection[]) => call('plan_push', { selection }),
  /** Saves the selected platforms, then switches on those asked for. */
  push: (
    selection: PushSelection[],
    overwrite: PlatformId[],
    onProgress: (outcome: PushOutcome) => void = () => {},
  ) => {
    const channel = new Channel<PushOutcome>();
    channel.onmessage = onProgress;
    return call('push', { selection, overwrite, onProgress: channel });
  },
  pasteSheet: (platform: PlatformId) => call('paste_sheet', { platform }),
  /** Puts the stored client secret on the clipboard from Rust (marked sensitive, cleared after
   * `cleared_after_seconds` if unchanged): the secret itself never comes to the window. */
  copySecret: (platform: PlatformId) => call('copy_secret', { platform }),
  /** Removes the stored client secret of a platform: ask the admin to confirm first. */
  removeSecret: (platform: PlatformId) => call('remove_secret', { platform }),
  /** Every deployment with its per-platform status, what needs attention, and secret storage. */
  listDeployments: () => call('list_deployments', {}),
  /** Adds a deployment (not opened); the URL typed, or read from a .env text. Returns its id. */
  createDeployment: (name: string, apiPublicUrl: string, envText: string | null) =>
    call('create_deployment', { name, apiPublicUrl, envText }),
  renameDeployment: (id: string, name: string) => call('rename_deployment', { id, name }),
  /** Copies a deployment without its secrets; returns the copy's id. */
  duplicateDeployment: (id: string) => call('duplicate_deployment', { id }),
  /** Deletes a deployment and its keyring entries: ask the user first. */
  deleteDeployment: (id: string) => call('delete_deployment', { id }),
  /** Opens another deployment; the admin API session of the old one ends. */
  switchDeployment: (id: string) => call('switch_deployment', { id }),
  secretStorage: () => call('secret_storage', {}),
  retryKeyring: () => call('retry_keyring', {}),
  useSessionOnlySecrets: () => call('use_session_only_secrets', {}),
  /** Writes the open deployment to a file in the Downloads folder; returns where. The admin
   * sign-in goes into a bundle only when `includeAdminSignIn` is true. */
  exportDeployment: (
    format: ExportFormat,
    passphrase: string | null,
    passphraseAgain: string | null,
    includeAdminSignIn = false,
  ) => call('export_deployment', { format, passphrase, passphraseAgain, includeAdminSignIn }),
  /** Imports a deployment file or an encrypted bundle, as read from a picked file. */
  importDeployment: (bytes: Uint8Array, passphrase: string | null, onClash: OnClash) =>
    // A plain array: a Uint8Array would not arrive as a list of bytes.
    call('import_deployment', { bytes: Array.from(bytes), passphrase, onClash }),
  /** The last verification of each platform of the open deployment, and its consent links. */
  verifications: () => call('verifications', {}),
  /** Verifies platforms with the providers themselves (empty: every platform set up). */
  verify: (platforms: PlatformId[], onProgress: (p: VerifyProgress) => void = () => {}) => {
    const channel = new Channel<VerifyProgress>();
    channel.onmessage = onProgress;
    return call('verify', { platforms, onProgress: channel });
  },
  /** The open deployment's checklist of some platforms (all when empty), with ticks and notes. */
  getChecklist: (platforms: PlatformId[]) => call('get_checklist', { platforms }),
  /** Ticks or unticks a checklist item and sets its note (saved with the deployment). */
  setChecklistItem: (platform: PlatformId, item: ItemKey, ticked: boolean, note: string | null) =>
    call('set_checklist_item', { platform, item, ticked, note }),
  /** Writes the checklist of some platforms (all when empty) to the Downloads folder. */
  exportChecklist: (platforms: PlatformId[], format: ReportFormat) => call('export_checklist', { platforms, format }),
  /** Writes the handover report of the open deployment (id null) or a stored one. */
  exportHandover: (id: string | null, format: ReportFormat) => call('export_handover', { id, format }),
  /** Asks the update server whether a newer version of the app exists; installs nothing.
   * `unreachable` is an answer, not an error. */
  checkForUpdate: () => call('check_for_update', {}),
  /** Installs the version the user agreed to (after seeing it and its notes), then restarts. */
  installUpdate: (version: string) => call('install_update', { version }),
  /** Opens a provider console or docs page in the system browser (only allow-listed URLs:
   * the opener plugin's open_url, with the scope in src-tauri/capabilities/default.json). */
  openExternal: async (url: string) => {
    try {
      await invoke('plugin:opener|open_url', { url });
    } catch (e) {
      throw toAppError(e);
    }
  },
};

export type Backend = typeof backend;
