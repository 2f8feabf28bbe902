import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import { FakeBackend } from './test/fakeBackend';

/** A fake with Facebook (and optionally X) set up, Facebook's wizard on its last step. */
function setUp(withX = false): FakeBackend {
  const fake = new FakeBackend();
  fake.draft.deployment.platforms = { facebook: { client_id: '1234567890123456' } };
  if (withX) fake.draft.deployment.platforms.twitter = { client_id: 'abc' };
  fake.draft.secrets = withX ? ['facebook', 'twitter'] : ['facebook'];
  // Two console steps, the scopes, then the summary: the last step is 3.
  fake.draft.progress.facebook = { step: 3, scopes_confirmed: [], finished: true };
  return fake;
}

// The machine running these may be busy: a whole flow through the window gets more time.
describe('verify', { timeout: 20_000 }, () => {
  it("verifies a platform from its wizard's last step with progress per check, then each result with its fix", async () => {
    const fake = setUp();
    fake.verifyAnswers.facebook = [
      {
        check: 'credentials',
        status: 'rejected',
        code: 'bad_client_secret',
        message: 'Facebook refused the App Secret for this App ID.',
        fix: 'Copy the App Secret again from Settings → Basic.',
        elapsed_ms: 210,
      },
      { check: 'graph_version', status: 'skipped', code: 'needs_credentials', message: 'Needs a working App Secret first.', fix: null, elapsed_ms: 0 },
      { check: 'callback', status: 'verified', code: 'reachable', message: 'SocialMine answered at the callback URL.', fix: null, elapsed_ms: 90 },
    ];
    let release = () => {};
    fake.holdVerify = new Promise((r) => (release = r));
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Continue Facebook' }));
    let panel = await screen.findByTestId('verify-panel-facebook');
    expect(within(panel).getByTestId('verify-never')).toHaveTextContent('Not verified yet.');

    await userEvent.click(within(panel).getByRole('button', { name: 'Verify' }));
    // While it runs: the first check's result, the others still being checked.
    const progress = await within(panel).findByTestId('verify-progress');
    await waitFor(() =>
      expect(progress.querySelector('[data-check="credentials"]')).toHaveAttribute('data-status', 'rejected'),
    );
    expect(progress.querySelector('[data-check="callback"]')).toHaveTextContent('Callback URL: checking…');
    expect(within(panel).getByRole('button', { name: 'Verifying…' })).toBeDisabled();

    // Offline work goes on meanwhile: another screen, an edit, and back.
    await userEvent.click(screen.getByRole('button', { name: 'Start' }));
    await fireEvent.input(await screen.findByLabelText('API_PUBLIC_URL'), { target: { value: 'https://api.acme.com' } });
    await waitFor(() => expect(fake.calls).toContain('set deployment.api_public_url'));
    await userEvent.click(screen.getByRole('button', { name: 'Continue Facebook' }));
    panel = await screen.findByTestId('verify-panel-facebook');
    expect(within(panel).getByTestId('verify-progress')).toBeInTheDocument();

    release();
    const outcome = await within(panel).findByTestId('verify-outcome');
    expect(outcome).toHaveTextContent('Verification failed');
    expect(outcome).toHaveTextContent('2026-12-02 13:55 UTC');
    const creds = panel.querySelector('[data-check="credentials"]')!;
    // Status in words and an icon, not colour alone; the fix beside it.
    expect(creds).toHaveTextContent('✗');
    expect(creds).toHaveTextContent('Client ID and secret: Rejected. Facebook refused the App Secret for this App ID.');
    expect(creds).toHaveTextContent('How to fix: Copy the App Secret again from Settings → Basic.');
    expect(panel.querySelector('[data-check="graph_version"]')).toHaveTextContent('Graph API version: Not checked.');
    expect(panel.querySelector('[data-check="callback"]')).toHaveTextContent('Callback URL: Verified.');
    expect(fake.calls).toContain('verify facebook');

    // The consent address, with what reaching SocialMine's page proves.
    expect(panel).toHaveTextContent("even with an error about the state, the provider accepted the app, the callback and the scopes");
    await userEvent.click(within(panel).getByRole('button', { name: 'Try it in the browser' }));
    expect(fake.calls).toContain('open https://www.facebook.com/v23.0/dialog/oauth?client_id=123&platform=facebook');
  });

  it('verifies everything from Review, one platform again on its own, and the Start screen cards show the outcome', async () => {
    const fake = setUp(true);
    fake.verifyAnswers.twitter = [
      { check: 'credentials', status: 'inconclusive', code: 'timeout', message: 'X did not answer within 10 seconds.', fix: 'Verify again in a minute.', elapsed_ms: 10000 },
      { check: 'callback', status: 'verified', code: 'reachable', message: 'SocialMine answered.', fix: null, elapsed_ms: 50 },
    ];
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Review and push' }));
    const panel = await screen.findByTestId('verify-panel-all');
    await userEvent.click(within(panel).getByRole('button', { name: 'Verify all' }));
    await waitFor(() => expect(within(panel).getAllByTestId('verify-outcome')).toHaveLength(2));
    expect(fake.calls).toContain('verify facebook,twitter');
    const [fb, x] = within(panel).getAllByTestId('verify-outcome');
    expect(fb).toHaveTextContent('✓ Verified');
    expect(x).toHaveTextContent('? Partly verified');
    expect(within(panel).getByText(/X did not answer within 10 seconds/)).toBeInTheDocument();

    await userEvent.click(within(panel).getByRole('button', { name: 'Verify X (Twitter)' }));
    await waitFor(() => expect(fake.calls).toContain('verify twitter'));

    await userEvent.click(screen.getByRole('button', { name: 'Start' }));
    const badges = await screen.findAllByTestId('platform-verification');
    expect(badges.map((b) => b.getAttribute('data-outcome'))).toEqual(['passed', 'warnings']);
    expect(badges[0]).toHaveTextContent('Verified on 2026-12-02 13:55 UTC');
  });

  it('shows the results kept from an earlier run', async () => {
    const fake = setUp();
    fake.verification.platforms.facebook = {
      at: '2026-11-30T08:00:00Z',
      outcome: 'failed',
      summary: 'Callback: not found',
      checks: [
        { check: 'callback', status: 'rejected', code: 'not_found', message: 'The callback URL answered 404.', fix: 'Check the proxy prefix.', elapsed_ms: 40 },
      ],
    };
    render(App, { props: { api: fake.api } });
    const badge = await screen.findByTestId('platform-verification');
    expect(badge).toHaveTextContent('Verification failed on 2026-11-30 08:00 UTC');
    await userEvent.click(screen.getByRole('button', { name: 'Continue Facebook' }));
    const panel = await screen.findByTestId('verify-panel-facebook');
    expect(await within(panel).findByText(/The callback URL answered 404/)).toBeInTheDocument();
    expect(within(panel).getByText(/Check the proxy prefix/)).toBeInTheDocument();
  });

  it('says so when there is nothing to verify', async () => {
    const empty = new FakeBackend();
    render(App, { props: { api: empty.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Review and push' }));
    const all = await screen.findByTestId('verify-panel-all');
    expect(within(all).getByRole('button', { name: 'Verify all' })).toBeDisabled();
    expect(all).toHaveTextContent('Set up a platform first');
  });
});
