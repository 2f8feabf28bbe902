// Where the keyboard focus goes when a screen changes or a dialog opens and closes: never lost
// on the page itself (the keyboard-only walk in tests/e2e/keyboard.rs checks the same in the
// real window).
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import { FakeBackend } from './test/fakeBackend';
import type { PushPlan } from './lib/backend';

const plan: PushPlan = {
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
  ],
  server_findings: [],
};

describe('focus', () => {
  it('moves to the heading of the screen a navigation button opens', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    await screen.findAllByTestId('platform-name');
    await userEvent.click(screen.getByRole('button', { name: 'Troubleshoot' }));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Troubleshoot an error' })).toHaveFocus());
    await userEvent.click(screen.getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Your SocialMine server' })).toHaveFocus());
  });

  it('moves to the wizard heading when a platform card opens it, and back to Start on Escape', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Set up Facebook' }));
    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: 'Register the callback' })).toHaveFocus());
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Your SocialMine server' })).toHaveFocus());
  });

  it('goes back to the screen heading when the error banner is dismissed', async () => {
    const fake = new FakeBackend();
    fake.api.troubleshoot = async () => Promise.reject({ code: 'internal', message: 'The assistant could not diagnose it.' });
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Troubleshoot' }));
    await userEvent.type(screen.getByLabelText('The error message'), 'URL blocked');
    await userEvent.click(screen.getByRole('button', { name: 'Find the cause' }));
    expect(await screen.findByTestId('error-banner')).toHaveTextContent('could not diagnose');
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Troubleshoot an error' })).toHaveFocus());
  });

  it('stays where the window put it on the first screen', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    await screen.findAllByTestId('platform-name');
    expect(document.activeElement).toBe(document.body);
  });

  it('goes to the sign-in line, into the push confirmation, back to Push on Escape, then to the result', async () => {
    const fake = new FakeBackend();
    fake.api.resumeSignIn = async () => null;
    fake.api.planPush = async () => plan;
    fake.api.push = async () => ({
      outcomes: [
        {
          platform: 'facebook',
          status: 'saved',
          message: 'The server accepted the values.',
          error_code: null,
          field_errors: [],
          conflict: null,
          server: null,
          enable: { state: 'not_requested' },
        },
      ],
      stopped: null,
      needs_sign_in: false,
    });
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Review and push' }));
    // The practice server's sign-in is filled in.
    await userEvent.click(await screen.findByTestId('sign-in'));
    await waitFor(() => expect(screen.getByTestId('signed-in')).toHaveFocus());

    await userEvent.click(await screen.findByTestId('push'));
    await waitFor(() => expect(screen.getByTestId('confirm-push')).toHaveFocus());
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.getByTestId('push')).toHaveFocus());
    expect(screen.queryByTestId('confirm-push')).toBeNull();

    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('confirm-push')).toHaveFocus());
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Result' })).toHaveFocus());
    expect(screen.getByTestId('push-results')).toHaveTextContent('Facebook: Saved');
  });

  it('returns to the Paste sheet button when the sheet is closed', async () => {
    const fake = new FakeBackend();
    fake.resumed = { server: 'http://127.0.0.1:4000', email: null, expires_at: null, summary: 'Signed in.' };
    fake.api.planPush = async () => plan;
    fake.api.pasteSheet = async () => ({
      platform: 'facebook',
      display_name: 'Facebook',
      steps: ['Open Configure'],
      fields: [],
    });
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Review and push' }));
    const opener = await screen.findByRole('button', { name: 'Paste sheet' });
    await userEvent.click(opener);
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Paste sheet: Facebook' })).toHaveFocus());
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(opener).toHaveFocus());
  });

  it('returns to the Delete button when a deletion is not confirmed, and to the notice after one', async () => {
    const fake = new FakeBackend();
    fake.stored.push({ id: 'acme-1', name: 'Acme', api_public_url: 'https://api.acme.com' });
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Deployments' }));
    const del = await screen.findByRole('button', { name: 'Delete Acme' });
    await userEvent.click(del);
    await userEvent.click(within(screen.getByTestId('confirm-delete')).getByRole('button', { name: 'Keep it' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Delete Acme' })).toHaveFocus());

    await userEvent.click(screen.getByRole('button', { name: 'Delete Acme' }));
    await userEvent.click(screen.getByTestId('confirm-delete-button'));
    await waitFor(() => expect(screen.getByTestId('deployments-notice')).toHaveFocus());
  });
});
