// What other features may use of sync: eslint.config.js lets them import only this file.

export { SyncServerCard } from './components/SyncServerCard';
export { UsersAdminCard } from './components/UsersAdminCard';
