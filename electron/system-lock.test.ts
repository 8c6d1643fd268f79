import { BrowserWindow } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from './ipc-channels';
import { forwardSystemLock } from './system-lock';
import { electronMock, resetElectronMock } from './test-support/electron-mock';

vi.mock('electron', () => import('./test-support/electron-mock'));

const { powerMonitor } = electronMock;

beforeEach(() => {
  resetElectronMock();
});

describe('forwardSystemLock', () => {
  it('tells the window when the screen locks and when the laptop sleeps', () => {
    const window = new BrowserWindow();
    const mock = electronMock.BrowserWindow.instances[0];
    forwardSystemLock(powerMonitor, () => window);
    powerMonitor.emit('lock-screen');
    powerMonitor.emit('suspend');
    powerMonitor.emit('resume');
    expect(mock?.webContents.send.mock.calls).toEqual([
      [IPC_CHANNELS.systemLock, 'os_lock'],
      [IPC_CHANNELS.systemLock, 'suspend'],
    ]);
  });

  it('sends nothing without a live window, and nothing after it stopped', () => {
    const stop = forwardSystemLock(powerMonitor, () => null);
    expect(() => powerMonitor.emit('lock-screen')).not.toThrow();
    stop();
    expect(powerMonitor.listenerCount('lock-screen')).toBe(0);
    expect(powerMonitor.listenerCount('suspend')).toBe(0);

    const window = new BrowserWindow();
    const mock = electronMock.BrowserWindow.instances[0];
    mock?.isDestroyed.mockReturnValue(true);
    forwardSystemLock(powerMonitor, () => window);
    powerMonitor.emit('suspend');
    expect(mock?.webContents.send).not.toHaveBeenCalled();
  });
});
