// The host API the UI uses: Electron's preload object when present, the browser's otherwise.

import type { DesktopApi } from '../../shared/desktop/desktop-api';
import { browserDesktopApi } from './browser-desktop-api';

declare global {
  // Declaration merging into the DOM's Window needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    /** Exposed by electron/preload.ts through contextBridge; absent in a plain browser. */
    desktop?: DesktopApi;
  }
}

export const desktop: DesktopApi = window.desktop ?? browserDesktopApi;
