// What other features use of the app lock.
export { LockGate, useAppLock, useLockVault } from './components/LockGate';
export { isVaultOpen } from './lock-flow';
