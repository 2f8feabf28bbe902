import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/svelte';

// CI machines are small and busy: give asynchronous UI updates time before failing.
configure({ asyncUtilTimeout: 5000 });
