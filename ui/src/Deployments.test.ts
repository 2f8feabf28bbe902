import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import { BUNDLE_PASSPHRASE, FakeBackend } from './test/fakeBackend';

async function openTab(name: string) {
  await userEvent.click(await screen.findByRole('button', { name }));
}

function rowNames() {
  return screen.getAllByTestId('deployment-row-name').map((n) => n.textContent);
}

describe('deployments screen', () => {
  it('adds a deployment, switches to it in one click, and back to the practice one', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    await openTab('Deployments');
    await screen.findByTestId('deployment-list');
    expect(rowNames()).toEqual(['Sandbox (practice server)']);
    // The practice deployment can be opened or copied, never deleted or renamed.
    expect(screen.queryByRole('button', { name: /Delete Sandbox/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Rename Sandbox/ })).toBeNull();

    await userEvent.type(screen.getByLabelText('Name'), 'Acme production');
    await userEvent.type(screen.getByLabelText('API_PUBLIC_URL'), 'https://api.acme.com');
    await userEvent.click(screen.getByRole('button', { name: 'Add deployment' }));
    expect(await screen.findByTestId('added')).toHaveTextContent('Added “Acme production”');
    await waitFor(() => expect(rowNames()).toEqual(['Acme production', 'Sandbox (practice server)']));

    await userEvent.click(screen.getByRole('button', { name: 'Open Acme production' }));
    expect(await screen.findByTestId('deployment-name')).toHaveTextContent('Acme production');
    expect(screen.queryByText('practice server')).toBeNull();
    expect(fake.calls).toContain('switch acme-production-1');

    await openTab('Deployments');
    const acme = (await screen.findAllByTestId('deployment-row')).find((r) => r.dataset.id === 'acme-production-1')!;
    expect(within(acme).getByTestId('open-badge')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Open Sandbox (practice server)' }));
    expect(await screen.findByTestId('deployment-name')).toHaveTextContent('Sandbox (practice server)');
  });

  it('reads API_PUBLIC_URL from a .env file and says what is missing', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    await openTab('Deployments');
    await userEvent.click(await screen.findByRole('button', { name: 'Add deployment' }));
    expect(await screen.findByTestId('add-error')).toHaveTextContent('Give the deployment a name');
    await userEvent.type(screen.getByLabelText('Name'), 'Beta');
    const env = new File(['APP_NAME=x\nAPI_PUBLIC_URL=https://api.beta.io\n'], '.env', { type: 'text/plain' });
    await userEvent.upload(screen.getByTestId('new-env-file'), env);
    expect(await screen.findByText(/will be read from \.env/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Add deployment' }));
    await screen.findByTestId('added');
    expect(fake.stored.find((d) => d.name === 'Beta')?.api_public_url).toBe('https://api.beta.io');
  });

  it('deletes only after an explicit confirmation', async () => {
    const fake = new FakeBackend();
    fake.stored.push({ id: 'acme-1', name: 'Acme', api_public_url: 'https://api.acme.com' });
    render(App, { props: { api: fake.api } });
    await openTab('Deployments');
    await userEvent.click(await screen.findByRole('button', { name: 'Delete Acme' }));
    const confirm = screen.getByTestId('confirm-delete');
    expect(confirm).toHaveTextContent(/secrets in the keyring are removed for good/);
    expect(fake.calls.filter((c) => c.startsWith('delete'))).toEqual([]);
    // The safe choice has the focus, and Escape cancels.
    expect(within(confirm).getByRole('button', { name: 'Keep it' })).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId('confirm-delete')).toBeNull();
    expect(rowNames()).toContain('Acme');

    await userEvent.click(screen.getByRole('button', { name: 'Delete Acme' }));
    await userEvent.click(screen.getByTestId('confirm-delete-button'));
    await waitFor(() => expect(rowNames()).toEqual(['Sandbox (practice server)']));
    expect(fake.calls).toContain('delete acme-1');
    expect(screen.getByTestId('deployments-notice')).toHaveTextContent('Deleted “Acme” and its secrets');
  });

  it('renames inline and shows a clash next to the row; duplicates without secrets', async () => {
    const fake = new FakeBackend();
    fake.stored.push({ id: 'acme-1', name: 'Acme', api_public_url: 'https://api.acme.com' });
    fake.stored.push({ id: 'beta-1', name: 'Beta', api_public_url: 'https://api.beta.com' });
    render(App, { props: { api: fake.api } });
    await openTab('Deployments');
    await userEvent.click(await screen.findByRole('button', { name: 'Rename Acme' }));
    const input = screen.getByLabelText('New name for Acme');
    await userEvent.clear(input);
    await userEvent.type(input, 'Beta{Enter}');
    expect(await screen.findByText(/already a deployment named "Beta"/)).toBeInTheDocument();
    await userEvent.clear(input);
    await userEvent.type(input, 'Acme production{Enter}');
    await waitFor(() => expect(rowNames()).toContain('Acme production'));

    await userEvent.click(screen.getByRole('button', { name: 'Duplicate Beta' }));
    await waitFor(() => expect(rowNames()).toContain('Beta (copy)'));
    expect(screen.getByTestId('deployments-notice')).toHaveTextContent('without its secrets');
  });

  it('reports a file set aside as corrupt by name, with what to do', async () => {
    const fake = new FakeBackend();
    fake.setAside = [
      {
        file_name: 'acme-3f9a1c.toml',
        moved_to: 'acme-3f9a1c.toml.corrupt-20261128T120000Z',
        folder: '/home/u/.local/share/socialmine-setup/deployments',
        problem: 'line 3: expected `=`',
      },
    ];
    render(App, { props: { api: fake.api } });
    await openTab('Deployments');
    const alert = await screen.findByTestId('set-aside');
    expect(alert).toHaveTextContent('acme-3f9a1c.toml could not be read');
    expect(alert).toHaveTextContent('acme-3f9a1c.toml.corrupt-20261128T120000Z');
    expect(alert).toHaveTextContent('line 3: expected `=`');
    expect(alert).toHaveTextContent('What to do');
  });
});

describe('secret storage', () => {
  it('says plainly when there is no keyring; Retry explains, and session-only is an explicit choice', async () => {
    const fake = new FakeBackend();
    fake.secretMode = 'unavailable';
    render(App, { props: { api: fake.api } });
    const banner = await screen.findByTestId('keyring-banner');
    expect(banner).toHaveTextContent('No keyring for your secrets');
    expect(banner).toHaveTextContent(/unlock/);
    await userEvent.click(within(banner).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('error-banner')).toHaveTextContent('still no Secret Service');
    expect(fake.secretMode).toBe('unavailable');

    await userEvent.click(
      within(banner).getByRole('button', { name: 'Keep secrets in memory for this session only' }),
    );
    await waitFor(() => expect(screen.queryByTestId('keyring-banner')).toBeNull());
    expect(screen.getByTestId('keyring-session-note')).toHaveTextContent('forgotten when the app closes');

    fake.keyringComesBack = true;
    await userEvent.click(screen.getByRole('button', { name: 'move them to the keyring' }));
    await waitFor(() => expect(screen.queryByTestId('keyring-session-note')).toBeNull());
  });

  it('shows nothing when the keyring works', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    await screen.findAllByTestId('platform-name');
    expect(screen.queryByTestId('keyring-banner')).toBeNull();
    expect(screen.queryByTestId('keyring-session-note')).toBeNull();
  });
});

describe('export and import', () => {
  it('exports the TOML, and a bundle only with the same long passphrase twice; shows the path with Copy path', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    await openTab('Deployments');
    await userEvent.click(await screen.findByRole('button', { name: 'Export' }));
    expect(await screen.findByTestId('export-path')).toHaveTextContent('/home/u/Downloads/sandbox-2026-11-28.toml');
    expect(within(screen.getByTestId('exported')).getByRole('button', { name: 'Copy path' })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('radio', { name: /encrypted bundle/ }));
    await userEvent.type(screen.getByLabelText(/^Passphrase/), 'short');
    await userEvent.type(screen.getByLabelText('The same passphrase again'), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect(await screen.findByTestId('export-error')).toHaveTextContent('at least 10 characters');
    await userEvent.clear(screen.getByLabelText(/^Passphrase/));
    await userEvent.clear(screen.getByLabelText('The same passphrase again'));
    await userEvent.type(screen.getByLabelText(/^Passphrase/), 'a long enough passphrase');
    await userEvent.type(screen.getByLabelText('The same passphrase again'), 'a long enough passfrase');
    await userEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect(await screen.findByTestId('export-error')).toHaveTextContent('not the same');
    expect(fake.calls.filter((c) => c === 'export bundle')).toEqual([]);
    await userEvent.clear(screen.getByLabelText('The same passphrase again'));
    await userEvent.type(screen.getByLabelText('The same passphrase again'), 'a long enough passphrase');
    await userEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect(await screen.findByTestId('export-path')).toHaveTextContent('.smbundle');
    expect(screen.getByLabelText(/^Passphrase/)).toHaveValue('');
    // The admin sign-in stays out unless the box is ticked.
    expect(fake.calls).toContain('export bundle');
    expect(fake.calls).not.toContain('export bundle with admin sign-in');
  });

  it('puts the admin sign-in in a bundle only when "Include the admin sign-in" is ticked', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    await openTab('Deployments');
    await userEvent.click(await screen.findByRole('radio', { name: /encrypted bundle/ }));
    const include = screen.getByRole('checkbox', { name: 'Include the admin sign-in' });
    expect(include).not.toBeChecked();
    await userEvent.click(include);
    await userEvent.type(screen.getByLabelText(/^Passphrase/), 'a long enough passphrase');
    await userEvent.type(screen.getByLabelText('The same passphrase again'), 'a long enough passphrase');
    await userEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect(await screen.findByTestId('export-path')).toHaveTextContent('.smbundle');
    expect(fake.calls).toContain('export bundle with admin sign-in');
    // Ticked for one export only.
    expect(screen.getByRole('checkbox', { name: 'Include the admin sign-in' })).not.toBeChecked();
  });

  it('imports a bundle: asks the passphrase, says when it is wrong, and asks rename or replace on a name clash', async () => {
    const fake = new FakeBackend();
    fake.stored.push({ id: 'acme-1', name: 'Acme', api_public_url: 'https://api.acme.com' });
    render(App, { props: { api: fake.api } });
    await openTab('Deployments');
    const bundle = new File(
      ['# SocialMine Setup deployment bundle\nsocialmine-bundle-format = 1\nname = "Acme"\n'],
      'acme.smbundle',
    );
    await userEvent.upload(await screen.findByTestId('import-file'), bundle);
    const pass = await screen.findByLabelText("The bundle's passphrase");
    await userEvent.type(pass, 'wrong passphrase');
    await userEvent.click(await screen.findByRole('button', { name: 'Import acme.smbundle' }));
    expect(await screen.findByTestId('import-error')).toHaveTextContent('does not open this bundle');

    await userEvent.clear(pass);
    await userEvent.type(pass, BUNDLE_PASSPHRASE);
    await userEvent.click(screen.getByRole('button', { name: 'Import acme.smbundle' }));
    const clash = await screen.findByTestId('import-clash');
    expect(clash).toHaveTextContent('A deployment named “Acme” already exists');
    expect(screen.queryByTestId('import-error')).toBeNull();
    await userEvent.click(within(clash).getByRole('button', { name: 'Import as “Acme (imported)”' }));
    expect(await screen.findByTestId('imported')).toHaveTextContent('Imported “Acme (imported)” with 1 secret');
    await waitFor(() => expect(rowNames()).toContain('Acme (imported)'));
    expect(fake.calls).toContain('import Acme rename');
  });

  it('refuses a bundle from a newer version with a clear message, and offers replace', async () => {
    const fake = new FakeBackend();
    fake.stored.push({ id: 'acme-1', name: 'Acme', api_public_url: 'https://api.acme.com' });
    render(App, { props: { api: fake.api } });
    await openTab('Deployments');
    const newer = new File(['socialmine-bundle-format = 9\n'], 'new.smbundle');
    await userEvent.upload(await screen.findByTestId('import-file'), newer);
    await userEvent.type(await screen.findByLabelText("The bundle's passphrase"), BUNDLE_PASSPHRASE);
    await userEvent.click(await screen.findByRole('button', { name: 'Import new.smbundle' }));
    expect(await screen.findByTestId('import-error')).toHaveTextContent('newer version of SocialMine Setup');

    const toml = new File(['name = "Acme"\napi_public_url = "https://api.acme.com"\n'], 'acme.toml');
    await userEvent.upload(screen.getByTestId('import-file'), toml);
    const importToml = await screen.findByRole('button', { name: 'Import acme.toml' });
    expect(screen.queryByLabelText("The bundle's passphrase")).toBeNull();
    await userEvent.click(importToml);
    await userEvent.click(await screen.findByRole('button', { name: 'Replace “Acme”' }));
    expect(await screen.findByTestId('imported')).toHaveTextContent('Replaced “Acme” without secrets');
  });
});

describe('fleet view', () => {
  it('lists what needs attention first, and every deployment × platform', async () => {
    const fake = new FakeBackend();
    fake.stored.push({
      id: 'acme-1',
      name: 'Acme',
      api_public_url: 'https://api.acme.com',
      cells: [
        { platform: 'facebook', label: 'Version expiring', tone: 'attention' },
        { platform: 'twitter', label: 'Switched on', tone: 'ok' },
      ],
    });
    fake.attention = [
      {
        deployment_id: 'acme-1',
        deployment_name: 'Acme',
        platform: 'facebook',
        kind: 'graph_version_expiring',
        tone: 'attention',
        message: 'Facebook uses Graph API v21.0, which Meta retires in 40 days.',
        action: 'Move to v24.0 before then.',
      },
      {
        deployment_id: 'sandbox',
        deployment_name: 'Sandbox (practice server)',
        platform: 'twitter',
        kind: 'not_pushed',
        tone: 'attention',
        message: 'X (Twitter) is in the draft but was never pushed to the server.',
        action: 'Review and push.',
      },
    ];
    render(App, { props: { api: fake.api } });
    await openTab('Fleet');
    const items = await screen.findAllByTestId('attention-item');
    expect(items.map((i) => i.dataset.kind)).toEqual(['graph_version_expiring', 'not_pushed']);
    expect(items[0]).toHaveTextContent('Acme · Facebook: Facebook uses Graph API v21.0');
    const rows = screen.getAllByTestId('fleet-row');
    expect(rows).toHaveLength(2);
    const acme = rows.find((r) => r.textContent?.includes('Acme'))!;
    expect(within(acme).getAllByRole('cell').map((c) => c.textContent)).toEqual(['Version expiring', 'Switched on']);

    await userEvent.click(within(items[0]!).getByRole('button', { name: 'Open Acme' }));
    expect(await screen.findByTestId('deployment-name')).toHaveTextContent('Acme');
  });
});
