import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import { FakeBackend } from './test/fakeBackend';

describe('start screen', () => {
  it('shows every platform the catalog lists, with its status', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    const names = await screen.findAllByTestId('platform-name');
    expect(names.map((n) => n.textContent)).toEqual(['Facebook', 'X (Twitter)']);
    expect(screen.getAllByTestId('platform-status').map((n) => n.textContent?.trim())).toEqual([
      'Not started',
      'Not started',
    ]);
  });

  it('shows a finding next to API_PUBLIC_URL as it is typed, and the fix button repairs it', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    const input = await screen.findByLabelText('API_PUBLIC_URL');
    await fireEvent.input(input, { target: { value: 'https://api.acme.com\n' } });
    expect(await screen.findByText(/spaces or a line break/)).toBeInTheDocument();
    input.blur();
    await userEvent.click(screen.getByRole('button', { name: 'Remove the spaces' }));
    await waitFor(() => expect((input as HTMLTextAreaElement).value).toBe('https://api.acme.com'));
    expect(fake.calls).toContain('fix deployment.api_public_url trim');
  });

  it('says what went wrong and offers a retry when loading fails', async () => {
    const fake = new FakeBackend();
    fake.api.getCatalog = async () => Promise.reject({ code: 'invalid_catalog', message: 'Catalog unreadable.' });
    render(App, { props: { api: fake.api } });
    expect(await screen.findByTestId('error-banner')).toHaveTextContent('Catalog unreadable.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});

describe('wizard', () => {
  it('walks the steps with Next and Back, shows the callback to copy, and remembers the step', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Set up Facebook' }));
    expect(await screen.findByRole('heading', { name: 'Register the callback' })).toBeInTheDocument();
    expect(screen.getByTestId('callback-url')).toHaveTextContent(
      'https://api.example.com/api/connect/facebook/callback',
    );
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '1');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByRole('heading', { name: 'Copy the credentials' })).toBeInTheDocument();
    expect(fake.draft.progress.facebook?.step).toBe(1);
    await userEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(await screen.findByRole('heading', { name: 'Register the callback' })).toBeInTheDocument();
  });

  it('masks the secret with a show/hide toggle and never shows a stored one', async () => {
    const fake = new FakeBackend();
    fake.draft.progress.facebook = { step: 1, scopes_confirmed: [], finished: false };
    fake.draft.secrets = ['facebook'];
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: /Facebook/ }));
    const secret = (await screen.findByLabelText(/Client Secret/)) as HTMLTextAreaElement;
    expect(secret).toHaveClass('masked');
    expect(secret.value).toBe('');
    expect(secret.placeholder).toMatch(/Stored/);
    await userEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(secret).not.toHaveClass('masked');
  });

  it('removes a stored secret only after the admin confirms', async () => {
    const fake = new FakeBackend();
    fake.draft.progress.facebook = { step: 1, scopes_confirmed: [], finished: false };
    fake.draft.secrets = ['facebook'];
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: /Facebook/ }));
    await userEvent.click(await screen.findByTestId('remove-secret'));
    const dialog = screen.getByTestId('remove-secret-confirm');
    expect(dialog).toHaveTextContent('Remove the stored client secret for Facebook?');
    expect(dialog).toHaveTextContent('SocialMine keeps working with the copy already pushed to it');
    await userEvent.click(screen.getByTestId('remove-secret-no'));
    expect(fake.calls.filter((c) => c.startsWith('remove secret'))).toEqual([]);
    expect(fake.draft.secrets).toEqual(['facebook']);

    await userEvent.click(screen.getByTestId('remove-secret'));
    await userEvent.click(screen.getByTestId('remove-secret-yes'));
    await waitFor(() => expect(fake.calls).toContain('remove secret facebook'));
    expect(fake.draft.secrets).toEqual([]);
    const secret = (await screen.findByLabelText(/Client Secret/)) as HTMLTextAreaElement;
    await waitFor(() => expect(secret.placeholder).not.toMatch(/Stored/));
    expect(screen.queryByTestId('remove-secret')).toBeNull();
  });

  it('opens the console page through the backend and lists common issues', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Set up Facebook' }));
    await userEvent.click(await screen.findByRole('button', { name: /Open My Apps/ }));
    expect(fake.calls).toContain('open https://developers.facebook.com/apps/');
    expect(screen.getByText('Something went wrong?')).toBeInTheDocument();
  });

  it('has a scope checklist with what each scope is for and the access it needs', async () => {
    const fake = new FakeBackend();
    fake.draft.progress.facebook = { step: 2, scopes_confirmed: [], finished: false };
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: /Facebook/ }));
    expect(await screen.findByText('Post.')).toBeInTheDocument();
    expect(screen.getByText('Request it in App Review.')).toBeInTheDocument();
    expect(screen.getByText('Available to every app')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('checkbox', { name: 'scope.a' }));
    // The tick is the deployment's checklist (the Checklists screen shows the same one).
    await waitFor(() => expect(fake.draft.deployment.checklist?.facebook?.scopes?.['scope.a']?.ticked).toBe(true));
  });

  it('Escape goes back to the start screen (Finish later)', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Set up Facebook' }));
    await screen.findByRole('heading', { name: 'Register the callback' });
    await userEvent.keyboard('{Escape}');
    expect(await screen.findByRole('heading', { name: 'Platforms' })).toBeInTheDocument();
  });
});

describe('troubleshoot', () => {
  it('gives the cause and the fix for a known error, and a way forward for an unknown one', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Troubleshoot' }));
    const box = screen.getByLabelText('The error message');
    await userEvent.type(box, 'URL Blocked: This redirect failed');
    await userEvent.click(screen.getByRole('button', { name: 'Find the cause' }));
    expect(await screen.findByTestId('troubleshoot-result')).toHaveTextContent('Valid OAuth Redirect URIs');
    await userEvent.clear(box);
    await userEvent.type(box, 'something odd');
    await userEvent.click(screen.getByRole('button', { name: 'Find the cause' }));
    expect(await screen.findByTestId('troubleshoot-none')).toHaveTextContent('step by step');
  });
});

describe('review and push', () => {
  it('resumes a kept sign-in, shows the difference, asks to confirm, and reports progress and results', async () => {
    const fake = new FakeBackend();
    fake.resumed = { server: 'http://127.0.0.1:4000', email: null, expires_at: null, summary: 'Signed in to the practice server.' };
    fake.api.planPush = async () => ({
      planned: [
        {
          platform: 'facebook',
          refused_because: [],
          would_enable: false,
          diff: {
            platform: 'facebook',
            in_sync: false,
            changes: [{ field: 'client_id', label: 'Client ID', server: null, draft: '1234567890123456' }],
            secret: 'new',
            server_secret_hint: null,
            server_enabled: false,
            server_revision: null,
            server_effective_callback_url: null,
          },
        },
        {
          platform: 'twitter',
          refused_because: ['the Client ID is empty'],
          would_enable: false,
          diff: {
            platform: 'twitter',
            in_sync: false,
            changes: [],
            secret: 'not_set',
            server_secret_hint: null,
            server_enabled: false,
            server_revision: null,
            server_effective_callback_url: null,
          },
        },
      ],
      server_findings: [],
    });
    let pushed: string[] = [];
    fake.api.push = async (selection, _overwrite, onProgress) => {
      pushed = selection.map((s) => s.platform);
      const outcome = {
        platform: 'facebook' as const,
        status: 'saved' as const,
        message: 'The server accepted the values.',
        error_code: null,
        field_errors: [],
        conflict: null,
        server: null,
        enable: { state: 'not_requested' as const },
      };
      onProgress?.(outcome);
      return { outcomes: [outcome], stopped: null, needs_sign_in: false };
    };
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Review and push' }));
    expect(await screen.findByTestId('signed-in')).toHaveTextContent('Signed in to the practice server.');
    expect(await screen.findByText('1234567890123456')).toBeInTheDocument();
    expect(screen.getByText('the Client ID is empty')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Send X (Twitter)' })).toBeDisabled();
    await userEvent.click(screen.getByTestId('push'));
    expect(pushed).toEqual([]);
    await userEvent.click(screen.getByTestId('confirm-push'));
    expect(await screen.findByTestId('push-results')).toHaveTextContent('Facebook: Saved');
    expect(pushed).toEqual(['facebook']);
  });

  it('copies the secret through the backend, which never hands it to the window', async () => {
    const fake = new FakeBackend();
    fake.draft.secrets = ['facebook'];
    fake.resumed = { server: 'http://127.0.0.1:4000', email: null, expires_at: null, summary: 'Signed in to the practice server.' };
    fake.api.planPush = async () => ({
      planned: [
        {
          platform: 'facebook',
          refused_because: [],
          would_enable: false,
          diff: {
            platform: 'facebook',
            in_sync: false,
            changes: [],
            secret: 'new',
            server_secret_hint: null,
            server_enabled: false,
            server_revision: null,
            server_effective_callback_url: null,
          },
        },
      ],
      server_findings: [],
    });
    fake.api.pasteSheet = async (platform) => ({
      platform,
      display_name: 'Facebook',
      steps: ['Open SocialMine, Settings, Facebook.'],
      fields: [{ field: 'client_secret', label: 'App Secret', value: null, secret: true, note: 'Kept in the keyring.' }],
    });
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Review and push' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Paste sheet' }));
    await userEvent.click(await screen.findByTestId('copy-secret'));
    expect(await screen.findByTestId('copy-secret-done')).toHaveTextContent('Copied — cleared in 30 s');
    expect(fake.calls).toContain('copy secret facebook');
  });
});
