// Generated from src-tauri/src/command_map.rs by `make bindings`. Do not edit.
import type { Channel } from '@tauri-apps/api/core';
import type { Catalog } from './Catalog';
import type { DeploymentsView } from './DeploymentsView';
import type { DraftView } from './DraftView';
import type { ExportDone } from './ExportDone';
import type { ExportFormat } from './ExportFormat';
import type { Field } from './Field';
import type { FixAction } from './FixAction';
import type { ImportOutcome } from './ImportOutcome';
import type { OnClash } from './OnClash';
import type { PasteSheet } from './PasteSheet';
import type { PlatformId } from './PlatformId';
import type { PlatformProgress } from './PlatformProgress';
import type { PushOutcome } from './PushOutcome';
import type { PushPlan } from './PushPlan';
import type { PushReport } from './PushReport';
import type { PushSelection } from './PushSelection';
import type { SaveState } from './SaveState';
import type { SecretStorageStatus } from './SecretStorageStatus';
import type { SignedInView } from './SignedInView';
import type { TroubleshootEntry } from './TroubleshootEntry';
import type { VerificationsView } from './VerificationsView';
import type { VerifyProgress } from './VerifyProgress';

/** Every command of the window: its arguments and what it resolves to. */
export type Commands = {
  get_catalog: { args: Record<string, never>; returns: Catalog };
  troubleshoot: { args: { text: string; platform?: PlatformId | null }; returns: Array<TroubleshootEntry> };
  get_draft: { args: Record<string, never>; returns: DraftView };
  set_field: { args: { platform?: PlatformId | null; field: Field; value: string }; returns: DraftView };
  apply_fix: { args: { platform?: PlatformId | null; field: Field; action: FixAction }; returns: DraftView };
  set_progress: { args: { platform: PlatformId; progress: PlatformProgress }; returns: DraftView };
  import_env: { args: { text: string }; returns: DraftView };
  save_draft: { args: Record<string, never>; returns: SaveState };
  sign_in: { args: { email: string; password: string }; returns: SignedInView };
  sign_in_with_token: { args: { token: string }; returns: SignedInView };
  resume_sign_in: { args: Record<string, never>; returns: SignedInView | null };
  plan_push: { args: { selection: Array<PushSelection> }; returns: PushPlan };
  push: { args: { selection: Array<PushSelection>; overwrite: Array<PlatformId>; onProgress: Channel<PushOutcome> }; returns: PushReport };
  paste_sheet: { args: { platform: PlatformId }; returns: PasteSheet };
  reveal_secret_for_copy: { args: { platform: PlatformId }; returns: string };
  list_deployments: { args: Record<string, never>; returns: DeploymentsView };
  create_deployment: { args: { name: string; apiPublicUrl: string; envText?: string | null }; returns: string };
  rename_deployment: { args: { id: string; name: string }; returns: DeploymentsView };
  duplicate_deployment: { args: { id: string }; returns: string };
  delete_deployment: { args: { id: string }; returns: DeploymentsView };
  switch_deployment: { args: { id: string }; returns: DraftView };
  secret_storage: { args: Record<string, never>; returns: SecretStorageStatus };
  retry_keyring: { args: Record<string, never>; returns: SecretStorageStatus };
  use_session_only_secrets: { args: Record<string, never>; returns: SecretStorageStatus };
  export_deployment: { args: { format: ExportFormat; passphrase?: string | null; passphraseAgain?: string | null }; returns: ExportDone };
  import_deployment: { args: { bytes: Array<number>; passphrase?: string | null; onClash: OnClash }; returns: ImportOutcome };
  verifications: { args: Record<string, never>; returns: VerificationsView };
  verify: { args: { platforms: Array<PlatformId>; onProgress: Channel<VerifyProgress> }; returns: VerificationsView };
};

export type CommandName = keyof Commands;
