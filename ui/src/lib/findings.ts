import type { Finding, FixAction, Severity } from './backend';

/** The label of the one-click fix button for an action. */
export function fixLabel(action: FixAction): string {
  switch (action.kind) {
    case 'trim':
      return 'Remove the spaces';
    case 'remove_quotes':
      return 'Remove the quotes';
    case 'remove_invisible':
      return 'Remove hidden characters';
    case 'swap_fields':
      return 'Swap the two fields';
    case 'use_derived_callback':
      return 'Use the standard callback';
    case 'replace_with':
      return `Use “${action.value}”`;
    case 'clear':
      return 'Clear the field';
  }
}

const rank: Record<Severity, number> = { error: 2, warning: 1, info: 0 };

/** The worst severity among findings, or null when there are none. */
export function worst(findings: Finding[]): Severity | null {
  let best: Severity | null = null;
  for (const f of findings) if (best === null || rank[f.severity] > rank[best]) best = f.severity;
  return best;
}

/** Findings sorted worst first (stable within a severity). */
export function worstFirst(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => rank[b.severity] - rank[a.severity]);
}
