import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import { FakeBackend } from './test/fakeBackend';

async function openChecklists() {
  await userEvent.click(await screen.findByRole('button', { name: 'Checklists' }));
  return screen.findByRole('heading', { name: 'Checklists', level: 2 });
}

describe('checklists', () => {
  it('lists every step and permission with purpose, console setting, approvals and source', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    await openChecklists();
    const fb = await screen.findByTestId('checklist-facebook');
    const items = within(fb).getAllByTestId('checklist-item');
    // Two console steps and two scopes in the fake catalog.
    expect(items).toHaveLength(4);
    const post = items[3]!;
    expect(post).toHaveTextContent('scope.b');
    expect(post).toHaveTextContent('Post.');
    expect(post).toHaveTextContent('App Review → Permissions');
    expect(post).toHaveTextContent('Needs');
    expect(post).toHaveTextContent('App Review');
    expect(post).toHaveTextContent('Test source');
    expect(within(fb).getByTestId('checklist-count-facebook')).toHaveTextContent('0 of 4 ticked');
    expect(screen.getByTestId('checklist-twitter')).toBeInTheDocument();
  }, 30_000);

  it('saves a tick and a note through the backend, and the wizard shows the same tick', async () => {
    const fake = new FakeBackend();
    // The wizard resumes Facebook at its permissions step.
    fake.draft.progress.facebook = { step: 2, scopes_confirmed: [], finished: false };
    render(App, { props: { api: fake.api } });
    await openChecklists();
    const tick = await screen.findByTestId('tick-facebook-scope-scope_b');
    await userEvent.click(tick);
    await waitFor(() => expect(fake.draft.deployment.checklist?.facebook?.scopes?.['scope.b']?.ticked).toBe(true));
    expect(fake.calls).toContain('tick facebook scope:scope.b true');

    const note = screen.getByTestId('note-facebook-scope-scope_b');
    await fireEvent.input(note, { target: { value: 'Ann saw it granted' } });
    await fireEvent.change(note);
    await waitFor(() =>
      expect(fake.draft.deployment.checklist?.facebook?.scopes?.['scope.b']).toEqual({
        ticked: true,
        note: 'Ann saw it granted',
        at: '2026-11-28',
      }),
    );
    expect(screen.getByTestId('checklist-count-facebook')).toHaveTextContent('1 of 4 ticked');

    // The wizard's permissions step: the same state, editable there too.
    await userEvent.click(screen.getByRole('button', { name: 'Start' }));
    await userEvent.click(await screen.findByRole('button', { name: /Facebook/ }));
    await screen.findByRole('heading', { name: 'Check the permissions (scopes)' });
    const boxes = screen.getAllByRole('checkbox') as HTMLInputElement[];
    const scopeB = boxes.find((b) => b.closest('li')?.textContent?.includes('scope.b'))!;
    expect(scopeB.checked).toBe(true);
    expect(screen.getByTestId('note-wizard-facebook-scope.b')).toHaveValue('Ann saw it granted');
    await userEvent.click(scopeB);
    await waitFor(() => expect(fake.draft.deployment.checklist?.facebook?.scopes?.['scope.b']?.ticked).toBe(false));
    // Unticking keeps the note.
    expect(fake.draft.deployment.checklist?.facebook?.scopes?.['scope.b']?.note).toBe('Ann saw it granted');

    await openChecklists();
    await waitFor(() =>
      expect((screen.getByTestId('tick-facebook-scope-scope_b') as HTMLInputElement).checked).toBe(false),
    );
  }, 30_000);

  it('exports one platform or all and shows where the file went with Copy path', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    await openChecklists();
    await userEvent.click(await screen.findByTestId('tick-facebook-step-Register_the_callback'));
    await waitFor(() => expect(fake.draft.deployment.checklist?.facebook?.steps?.['Register the callback']?.ticked).toBe(true));

    await userEvent.selectOptions(screen.getByTestId('checklist-platform'), 'facebook');
    expect(screen.queryByTestId('checklist-twitter')).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId('checklist-export-md'));
    await userEvent.click(screen.getByRole('button', { name: 'Export the Facebook checklist' }));
    expect(await screen.findByTestId('checklist-export-path')).toHaveTextContent(
      '/home/u/Downloads/checklist-sandbox-facebook-2026-11-28.md',
    );
    expect(screen.getByRole('button', { name: 'Copy path' })).toBeInTheDocument();
    expect(fake.calls).toContain('export checklist facebook md');
    expect(fake.exported).toContain('facebook [x] Register the callback');

    await userEvent.selectOptions(screen.getByTestId('checklist-platform'), 'all');
    await userEvent.click(screen.getByRole('button', { name: 'Export all checklists' }));
    await waitFor(() => expect(fake.calls).toContain('export checklist all md'));
  }, 30_000);

  it('says why an export failed', async () => {
    const fake = new FakeBackend();
    fake.api.exportChecklist = async () =>
      Promise.reject({ code: 'export_failed', message: 'The export could not be written to /nope: denied.' });
    render(App, { props: { api: fake.api } });
    await openChecklists();
    await userEvent.click(await screen.findByRole('button', { name: 'Export all checklists' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('could not be written');
  });
});

describe('handover report', () => {
  it('exports the open deployment from Review and a chosen one from the fleet view', async () => {
    const fake = new FakeBackend();
    fake.stored.push({ id: 'acme-9', name: 'Acme', api_public_url: 'https://api.acme.com' });
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Review and push' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Export the handover report' }));
    expect(await screen.findByTestId('handover-export-path')).toHaveTextContent('handover-sandbox-2026-11-28.html');
    expect(fake.calls).toContain('export handover open html');

    await userEvent.click(screen.getByRole('button', { name: 'Fleet' }));
    await userEvent.selectOptions(await screen.findByTestId('handover-deployment'), 'acme-9');
    await userEvent.click(screen.getByRole('button', { name: 'Export the handover report' }));
    await waitFor(() => expect(fake.calls).toContain('export handover acme-9 html'));
  });

  it("names the deployment it reports on in the fleet view's list: the open one until another is chosen", async () => {
    const fake = new FakeBackend();
    fake.stored.push({ id: 'acme-9', name: 'Acme', api_public_url: 'https://api.acme.com' });
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Fleet' }));
    const select = await screen.findByTestId('handover-deployment');
    await waitFor(() => expect(select).toHaveValue('sandbox'));
    expect((select as HTMLSelectElement).selectedOptions[0]).toHaveTextContent('Sandbox (practice server) (open)');
  });
});
