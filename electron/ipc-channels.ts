// Every IPC channel between the main process and the preload, in one place, so main and
// preload cannot drift apart on a string and a reviewer can see the whole surface at once.
// The renderer never sees these names: it only gets the named methods of `DesktopApi`.

export const IPC_CHANNELS = {
  // renderer → main, request/response (`ipcRenderer.invoke` / `ipcMain.handle`)
  showNotification: 'desktop:show-notification',
  saveFile: 'desktop:save-file',
  setUpdateServer: 'desktop:set-update-server',
  installUpdate: 'desktop:install-update',
  loadSession: 'desktop:load-session',
  storeSession: 'desktop:store-session',
  refreshSession: 'desktop:refresh-session',
  revokeSession: 'desktop:revoke-session',
  clearSession: 'desktop:clear-session',
  inspectServerCertificate: 'desktop:inspect-server-certificate',
  trustServerCertificate: 'desktop:trust-server-certificate',
  setSyncServer: 'desktop:set-sync-server',
  // The app lock: whether the OS offers its own prompt (Touch ID), and asking it.
  canPromptBiometric: 'desktop:can-prompt-biometric',
  promptBiometric: 'desktop:prompt-biometric',
  // The local data key kept by the OS keychain (safeStorage).
  protectWithOs: 'desktop:protect-with-os',
  unprotectWithOs: 'desktop:unprotect-with-os',
  // A wipe or logout: the IndexedDB files themselves are deleted.
  eraseLocalDatabases: 'desktop:erase-local-databases',
  // main → renderer, one-way pushes (`webContents.send` / `ipcRenderer.on`)
  menuCommand: 'desktop:menu-command',
  notificationClick: 'desktop:notification-click',
  updateStatus: 'desktop:update-status',
  // The app lock: the OS locked its screen or went to sleep.
  systemLock: 'desktop:system-lock',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

/** Channels that `electron/ipc.ts` must register a handler for (and nothing else). */
export const INVOKE_CHANNELS = [
  IPC_CHANNELS.showNotification,
  IPC_CHANNELS.saveFile,
  IPC_CHANNELS.setUpdateServer,
  IPC_CHANNELS.installUpdate,
  IPC_CHANNELS.loadSession,
  IPC_CHANNELS.storeSession,
  IPC_CHANNELS.refreshSession,
  IPC_CHANNELS.revokeSession,
  IPC_CHANNELS.clearSession,
  IPC_CHANNELS.inspectServerCertificate,
  IPC_CHANNELS.trustServerCertificate,
  IPC_CHANNELS.setSyncServer,
  // The app lock
  IPC_CHANNELS.canPromptBiometric,
  IPC_CHANNELS.promptBiometric,
  IPC_CHANNELS.protectWithOs,
  IPC_CHANNELS.unprotectWithOs,
  IPC_CHANNELS.eraseLocalDatabases,
] as const satisfies readonly IpcChannel[];

export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];

/** Channels the main process pushes on; the preload only ever subscribes to these. */
export const PUSH_CHANNELS = [
  IPC_CHANNELS.menuCommand,
  IPC_CHANNELS.notificationClick,
  IPC_CHANNELS.updateStatus,
  IPC_CHANNELS.systemLock,
] as const satisfies readonly IpcChannel[];

export type PushChannel = (typeof PUSH_CHANNELS)[number];
