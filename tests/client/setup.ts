import { configure } from '@testing-library/react';

// Every screen's code loads on demand (a route `lazy`), after the frame: on cores shared with
// the other suites that can take past testing-library's one second, so finding waits longer.
configure({ asyncUtilTimeout: 5_000 });
