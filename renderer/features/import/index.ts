// What other features may use of the import: eslint.config.js lets them import only this file.

export { ImportLauncher } from './components/ImportLauncher';
export { ImportRecordsCard } from './components/ImportRecordsCard';
