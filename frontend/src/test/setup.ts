import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// The suite runs beside Go builds and browsers on a 2-core CI machine, where
// jsdom can take seconds to render: waiting longer than Testing Library's 1 s
// default makes no test pass that should fail, only stops load from failing it.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
  window.location.hash = '';
});
